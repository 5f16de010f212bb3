using ImageAot.Runtime.Execution;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// SmallInteger op Float for the arithmetic and comparison primitives 1–10, computed as the
/// C VM's arithmetic bytecodes compute it (the integer converted to a double, then the Float
/// operation) instead of failing into the image's coercion code (Integer>>* ->
/// adaptToInteger:andSend: -> asFloat -> perform:with:, a dozen sends; Float printing and
/// parsing do this in their inner loops). The answer is the one that code computes. Only
/// integers a double holds exactly qualify; a zero divisor still fails so the image raises
/// ZeroDivide.
/// </summary>
public static class MixedFloatArithmetic
{
    private const long ExactInDouble = 1L << 53;

    /// <summary>Runs after SmallIntegerPrimitives, whose 1–10 it wraps.</summary>
    public static void Register(PrimitiveTable t)
    {
        for (var index = 1; index <= 10; index++)
        {
            var integerOnly = t.Numbered(index) ?? throw new InvalidOperationException($"primitive {index} must be registered first");
            var op = index;
            t.Add(index, (vm, n) => integerOnly(vm, n) || (n == 1 && TryMixed(vm, op)));
        }
    }

    private static bool TryMixed(Interpreter vm, int op)
    {
        var a = vm.Stack(1);
        if (!a.IsSmallInt || a.Bits < -ExactInDouble || a.Bits > ExactInDouble || !vm.Mem.TryFloat(vm.Stack(0), out var y)) return false;
        double x = a.Bits;
        vm.PrimFailCode = 0;
        return op switch
        {
            1 => vm.Answer(1, vm.Mem.Float(x + y)),
            2 => vm.Answer(1, vm.Mem.Float(x - y)),
            3 => vm.Answer(1, x < y),
            4 => vm.Answer(1, x > y),
            5 => vm.Answer(1, x <= y),
            6 => vm.Answer(1, x >= y),
            7 => vm.Answer(1, x == y),
            8 => vm.Answer(1, x != y),
            9 => vm.Answer(1, vm.Mem.Float(x * y)),
            _ => y != 0 && vm.Answer(1, vm.Mem.Float(x / y)),
        };
    }
}
