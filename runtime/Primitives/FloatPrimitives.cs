using System.Numerics;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// Float arithmetic: primitives 41–59 (boxed Float), 541–559 (the same operations for the
/// 64-bit Spur SmallFloat64 immediates) and 38/39 (a Float seen as two 32-bit words).
/// </summary>
/// <remarks>
/// The receiver must be a Float (boxed or immediate: both ranges accept both, the answer is
/// the same); the argument of a binary operation may be a Float or a SmallInteger, anything
/// else fails so the image coerces it. Comparisons with a SmallInteger are exact (a 61-bit
/// SmallInteger need not be representable as a double). Results go through
/// <see cref="ObjectMemory.Float"/>, which makes an immediate when the image has them.
/// </remarks>
public static class FloatPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        foreach (var b in new[] { 40, 540 })
        {
            t.Add(b + 1, Add);
            t.Add(b + 2, Subtract);
            t.Add(b + 3, LessThan);
            t.Add(b + 4, GreaterThan);
            t.Add(b + 5, LessOrEqual);
            t.Add(b + 6, GreaterOrEqual);
            t.Add(b + 7, Equal);
            t.Add(b + 8, NotEqual);
            t.Add(b + 9, Multiply);
            t.Add(b + 10, Divide);
            t.Add(b + 11, Truncated);
            t.Add(b + 12, FractionPart);
            t.Add(b + 13, Exponent);
            t.Add(b + 14, TimesTwoPower);
            t.Add(b + 15, SquareRoot);
            t.Add(b + 16, Sine);
            t.Add(b + 17, Arctan);
            t.Add(b + 18, LogN);
            t.Add(b + 19, Exp);
        }
        t.Add(38, FloatAt);
        t.Add(39, FloatAtPut);
    }

    // ---- arithmetic

    public static bool Add(Interpreter vm, int argCount) => Operands(vm, argCount, out var a, out var b) && vm.Answer(1, vm.Mem.Float(a + b));
    public static bool Subtract(Interpreter vm, int argCount) => Operands(vm, argCount, out var a, out var b) && vm.Answer(1, vm.Mem.Float(a - b));
    public static bool Multiply(Interpreter vm, int argCount) => Operands(vm, argCount, out var a, out var b) && vm.Answer(1, vm.Mem.Float(a * b));

    /// <summary>Fails on a zero divisor (the image signals ZeroDivide).</summary>
    public static bool Divide(Interpreter vm, int argCount) =>
        Operands(vm, argCount, out var a, out var b) && b != 0.0 && vm.Answer(1, vm.Mem.Float(a / b));

    // ---- comparisons (NaN compares false, so ~= answers true)

    public static bool LessThan(Interpreter vm, int argCount) => Compare(vm, argCount, out var c) && vm.Answer(1, c == Order.Less);
    public static bool GreaterThan(Interpreter vm, int argCount) => Compare(vm, argCount, out var c) && vm.Answer(1, c == Order.Greater);
    public static bool LessOrEqual(Interpreter vm, int argCount) => Compare(vm, argCount, out var c) && vm.Answer(1, c is Order.Less or Order.Equal);
    public static bool GreaterOrEqual(Interpreter vm, int argCount) => Compare(vm, argCount, out var c) && vm.Answer(1, c is Order.Greater or Order.Equal);
    public static bool Equal(Interpreter vm, int argCount) => Compare(vm, argCount, out var c) && vm.Answer(1, c == Order.Equal);
    public static bool NotEqual(Interpreter vm, int argCount) => Compare(vm, argCount, out var c) && vm.Answer(1, c != Order.Equal);

    private enum Order { Less, Equal, Greater, Unordered }

    private static bool Compare(Interpreter vm, int argCount, out Order order)
    {
        order = Order.Unordered;
        if (argCount != 1 || !vm.Mem.TryFloat(vm.Stack(1), out var a)) return false;
        var arg = vm.Stack(0);
        if (arg.IsSmallInt) { order = CompareExact(a, arg.Bits); return true; }
        if (!vm.Mem.TryFloat(arg, out var b)) return false;
        order = a < b ? Order.Less : a > b ? Order.Greater : a == b ? Order.Equal : Order.Unordered;
        return true;
    }

    /// <summary>A double against a 64-bit integer without rounding the integer.</summary>
    private static Order CompareExact(double d, long i)
    {
        if (double.IsNaN(d)) return Order.Unordered;
        const long exact = 1L << 53;
        if (i >= -exact && i <= exact)
        {
            double x = i;
            return d < x ? Order.Less : d > x ? Order.Greater : Order.Equal;
        }
        if (d >= 9223372036854775808.0) return Order.Greater;   // 2^63
        if (d < -9223372036854775808.0) return Order.Less;
        var t = (long)d;   // exact: |d| < 2^63, and a double that large has no fraction bits
        if (t != i) return t < i ? Order.Less : Order.Greater;
        var fraction = d - t;
        return fraction > 0 ? Order.Greater : fraction < 0 ? Order.Less : Order.Equal;
    }

    // ---- unary functions

    /// <summary>An Integer truncated towards zero; fails on NaN, infinities and magnitudes of 2^63 or more.</summary>
    public static bool Truncated(Interpreter vm, int argCount)
    {
        if (!vm.Mem.TryFloat(vm.Stack(argCount), out var d)) return false;
        var t = Math.Truncate(d);
        if (!(t >= -9223372036854775808.0 && t < 9223372036854775808.0)) return false;   // also rejects NaN
        return IntegerValues.Answer(vm, argCount, (long)t);
    }

    /// <summary>The fraction with the receiver's sign, as C's modf answers it (±0 for infinities).</summary>
    public static bool FractionPart(Interpreter vm, int argCount)
    {
        if (!vm.Mem.TryFloat(vm.Stack(argCount), out var d)) return false;
        var f = double.IsInfinity(d) ? 0.0 : d - Math.Truncate(d);
        return vm.Answer(argCount, vm.Mem.Float(Math.CopySign(f, d)));
    }

    /// <summary>The binary exponent (frexp's minus one); -1 for zero, infinities and NaN, as frexp leaves it.</summary>
    public static bool Exponent(Interpreter vm, int argCount)
    {
        if (!vm.Mem.TryFloat(vm.Stack(argCount), out var d)) return false;
        var e = d == 0.0 || !double.IsFinite(d) ? -1 : Math.ILogB(d);
        return vm.Answer(argCount, Value.SmallInt(e));
    }

    /// <summary>receiver * 2^arg; the argument must be a SmallInteger.</summary>
    public static bool TimesTwoPower(Interpreter vm, int argCount)
    {
        if (argCount != 1 || !vm.Mem.TryFloat(vm.Stack(1), out var d)) return false;
        var arg = vm.Stack(0);
        if (!arg.IsSmallInt) return false;
        // Past ±2200 every finite double has overflowed or underflowed already.
        var n = (int)Math.Clamp(arg.Bits, -4000, 4000);
        return vm.Answer(1, vm.Mem.Float(Math.ScaleB(d, n)));
    }

    /// <summary>Fails for negative receivers and NaN.</summary>
    public static bool SquareRoot(Interpreter vm, int argCount)
    {
        if (!vm.Mem.TryFloat(vm.Stack(argCount), out var d) || !(d >= 0.0)) return false;
        return vm.Answer(argCount, vm.Mem.Float(Math.Sqrt(d)));
    }

    public static bool Sine(Interpreter vm, int argCount) => Unary(vm, argCount, Math.Sin);
    public static bool Arctan(Interpreter vm, int argCount) => Unary(vm, argCount, Math.Atan);
    public static bool LogN(Interpreter vm, int argCount) => Unary(vm, argCount, Math.Log);
    public static bool Exp(Interpreter vm, int argCount) => Unary(vm, argCount, Math.Exp);

    private static bool Unary(Interpreter vm, int argCount, Func<double, double> f) =>
        vm.Mem.TryFloat(vm.Stack(argCount), out var d) && vm.Answer(argCount, vm.Mem.Float(f(d)));

    // ---- the two 32-bit words

    /// <summary>Float basicAt: (38): 1 is the most significant word, 2 the least.</summary>
    public static bool FloatAt(Interpreter vm, int argCount)
    {
        if (argCount != 1 || !vm.Mem.TryFloat(vm.Stack(1), out var d)) return false;
        var index = vm.Stack(0);
        if (!index.IsSmallInt) return vm.Fail(PrimErr.BadArgument);
        if (index.Bits is not (1 or 2)) return vm.Fail(PrimErr.BadIndex);
        var bits = (ulong)BitConverter.DoubleToInt64Bits(d);
        return vm.Answer(1, vm.Mem.Integer(index.Bits == 1 ? bits >> 32 : bits & 0xFFFFFFFF));
    }

    /// <summary>Float basicAt:put: (39) on a boxed Float; the value is an unsigned 32-bit Integer, answered.</summary>
    public static bool FloatAtPut(Interpreter vm, int argCount)
    {
        if (argCount != 2 || vm.Stack(2).Ref is not FloatObject f) return false;
        var index = vm.Stack(1);
        if (!index.IsSmallInt) return vm.Fail(PrimErr.BadArgument);
        if (index.Bits is not (1 or 2)) return vm.Fail(PrimErr.BadIndex);
        var value = vm.Stack(0);
        if (!IntegerValues.TryGet(vm.Mem, value, out var big) || big.Sign < 0 || big > uint.MaxValue) return vm.Fail(PrimErr.BadArgument);
        var word = (ulong)big;
        if ((f.Flags & ObjectFlags.Immutable) != 0) return vm.Fail(PrimErr.NoModification);
        var bits = (ulong)BitConverter.DoubleToInt64Bits(f.Value);
        bits = index.Bits == 1 ? (bits & 0xFFFFFFFFUL) | (word << 32) : (bits & 0xFFFFFFFF00000000UL) | word;
        f.Value = BitConverter.Int64BitsToDouble((long)bits);
        return vm.Answer(2, value);
    }

    // ---- helpers

    /// <summary>Receiver (a Float) and argument (a Float or SmallInteger) of a binary operation.</summary>
    private static bool Operands(Interpreter vm, int argCount, out double a, out double b)
    {
        b = 0;
        if (argCount != 1 || !vm.Mem.TryFloat(vm.Stack(1), out a)) { a = 0; return false; }
        var arg = vm.Stack(0);
        if (arg.IsSmallInt) { b = arg.Bits; return true; }
        return vm.Mem.TryFloat(arg, out b);
    }
}
