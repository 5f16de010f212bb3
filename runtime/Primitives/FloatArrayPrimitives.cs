using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// FloatArray at: and at:put: (32-bit IEEE floats a word), which older images name without a
/// plugin (primitiveFloatArrayAt) and newer ones in FloatArrayPlugin (primitiveAt). The answer is a
/// Float; a stored number is rounded to single precision, as the images' own fallback code does.
/// </summary>
public static class FloatArrayPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.AddNamed("", "primitiveFloatArrayAt", At);
        t.AddNamed("", "primitiveFloatArrayAtPut", AtPut);
        t.AddNamed("FloatArrayPlugin", "primitiveAt", At);
        t.AddNamed("FloatArrayPlugin", "primitiveAtPut", AtPut);
    }

    private static bool Index(Interpreter vm, Value receiver, Value index, out WordsObject words, out int i)
    {
        words = null!;
        i = 0;
        if (receiver.Ref is not WordsObject w || !index.IsSmallInt || index.SmallIntValue < 1 || index.SmallIntValue > w.Words.Length) return false;
        (words, i) = (w, (int)index.SmallIntValue - 1);
        return true;
    }

    private static bool At(Interpreter vm, int n) =>
        n == 1 && Index(vm, vm.Stack(1), vm.Stack(0), out var w, out var i)
        && vm.Answer(1, vm.Mem.Float(BitConverter.UInt32BitsToSingle(w.Words[i])));

    private static bool AtPut(Interpreter vm, int n)
    {
        if (n != 2 || !Index(vm, vm.Stack(2), vm.Stack(1), out var w, out var i)) return false;
        var value = vm.Stack(0);
        double d;
        if (value.IsSmallInt) d = value.SmallIntValue;
        else if (!vm.Mem.TryFloat(value, out d)) return false;
        w.Words[i] = BitConverter.SingleToUInt32Bits((float)d);
        return vm.Answer(2, value);
    }
}
