using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Execution;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// integerAt: (165) and integerAt:put: (166): a 32-bit word object (IntegerArray, Bitmap) read
/// and written as signed 32-bit integers, as the C VM does. The Cuis suite's IntegerArray tests
/// reach them; without them the image's slower Smalltalk runs.
/// </summary>
public static class IntegerArrayPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.Add(165, IntegerAt);
        t.Add(166, IntegerAtPut);
    }

    private static bool Word(Interpreter vm, Value rcvr, Value index, out WordsObject words, out int i)
    {
        words = null!;
        i = 0;
        if (rcvr.Ref is not WordsObject w || !index.IsSmallInt || index.Bits < 1 || index.Bits > w.Words.Length) return false;
        words = w;
        i = (int)index.Bits - 1;
        return true;
    }

    private static bool IntegerAt(Interpreter vm, int n)
    {
        if (n != 1 || !Word(vm, vm.Stack(1), vm.Stack(0), out var words, out var i)) return vm.Fail(PrimErr.BadIndex);
        return vm.Answer(1, vm.Mem.Integer((int)words.Words[i]));
    }

    private static bool IntegerAtPut(Interpreter vm, int n)
    {
        if (n != 2 || !Word(vm, vm.Stack(2), vm.Stack(1), out var words, out var i)) return vm.Fail(PrimErr.BadIndex);
        if ((words.Flags & ObjectFlags.Immutable) != 0) return vm.Fail(PrimErr.NoModification);
        if (!vm.Mem.TryInt64(vm.Stack(0), out var value) || value < int.MinValue || value > int.MaxValue) return vm.Fail(PrimErr.BadArgument);
        words.Words[i] = (uint)(int)value;
        return vm.Answer(2, vm.Stack(0));
    }
}
