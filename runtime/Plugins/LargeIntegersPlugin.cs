using System.Numerics;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// The named primitives of module "LargeIntegers" (the C LargeIntegersPlugin), on
/// System.Numerics.BigInteger.
/// </summary>
/// <remarks>
/// Most of these work on magnitudes: a "digit" operation ignores the operands' signs and takes
/// the sign of its answer from the receiver or from an explicit negative flag. Operands are
/// SmallIntegers or LargePositive/NegativeIntegers (normalized or not); a SmallInteger counts
/// as a LargeInteger of its sign holding its magnitude. Answers are normalized (a
/// SmallInteger when the value fits) except where the plugin itself answers unnormalized
/// LargeIntegers and the image normalizes them: the quotient and remainder of
/// primDigitDivNegative and a left shift by primDigitBitShiftMagnitude.
/// The "...With..." variants (older plugin versions, called with the operands as arguments
/// instead of receiver plus argument) take the same operands from the top of the stack.
/// </remarks>
public static class LargeIntegersPlugin
{
    public const string Module = "LargeIntegers";
    public const string ModuleName = "LargeIntegers v2.0 (ImageAot)";

    public static void Register(PrimitiveTable t)
    {
        t.AddNamed(Module, "primDigitAdd", (vm, n) => n == 1 && DigitAdd(vm, 1));
        t.AddNamed(Module, "primDigitAddWith", (vm, n) => n == 2 && DigitAdd(vm, 2));
        t.AddNamed(Module, "primDigitSubtract", (vm, n) => n == 1 && DigitSubtract(vm, 1));
        t.AddNamed(Module, "primDigitSubtractWith", (vm, n) => n == 2 && DigitSubtract(vm, 2));
        t.AddNamed(Module, "primDigitMultiplyNegative", (vm, n) => n == 2 && DigitMultiply(vm, 2));
        t.AddNamed(Module, "primDigitMultiplyWithNegative", (vm, n) => n == 3 && DigitMultiply(vm, 3));
        t.AddNamed(Module, "primDigitDivNegative", (vm, n) => n == 2 && DigitDiv(vm, 2));
        t.AddNamed(Module, "primDigitDivWithNegative", (vm, n) => n == 3 && DigitDiv(vm, 3));
        t.AddNamed(Module, "primDigitCompare", (vm, n) => n == 1 && DigitCompare(vm, 1));
        t.AddNamed(Module, "primDigitCompareWith", (vm, n) => n == 2 && DigitCompare(vm, 2));
        t.AddNamed(Module, "primDigitBitAnd", (vm, n) => n == 1 && BitLogic(vm, 1, vm.Stack(1), vm.Stack(0), AndOp));
        t.AddNamed(Module, "primDigitBitOr", (vm, n) => n == 1 && BitLogic(vm, 1, vm.Stack(1), vm.Stack(0), OrOp));
        t.AddNamed(Module, "primDigitBitXor", (vm, n) => n == 1 && BitLogic(vm, 1, vm.Stack(1), vm.Stack(0), XorOp));
        t.AddNamed(Module, "primDigitBitLogicWithOp", DigitBitLogicWithOp);
        t.AddNamed(Module, "primDigitBitShiftMagnitude", (vm, n) => n == 1 && BitShiftMagnitude(vm, 1));
        t.AddNamed(Module, "primDigitBitShift", (vm, n) => n == 1 && BitShiftMagnitude(vm, 1));
        t.AddNamed(Module, "primAnyBitFromTo", AnyBitFromTo);
        t.AddNamed(Module, "primNormalizePositive", (vm, n) => Normalize(vm, n, positive: true));
        t.AddNamed(Module, "primNormalizeNegative", (vm, n) => Normalize(vm, n, positive: false));
        t.AddNamed(Module, "primNormalize", NormalizeAny);
        t.AddNamed(Module, "primAsLargeInteger", AsLargeInteger);
        t.AddNamed(Module, "primCheckIfCModuleExists", (vm, n) => vm.Answer(n, vm.Mem.TrueV));
        t.AddNamed(Module, "primGetModuleName", (vm, n) => vm.Answer(n, vm.Mem.NewString(ModuleName)));
        t.AddNamed(Module, "primMontgomeryDigitLength", (vm, n) => vm.Answer(n, Value.SmallInt(MontgomeryDigitBits)));
        t.AddNamed(Module, "primMontgomeryTimesModulo", MontgomeryTimesModulo);
    }

    private const int AndOp = 0, OrOp = 1, XorOp = 2;

    /// <summary>
    /// Montgomery multiplication works on 8-bit digits, as the original plugin did and as images
    /// that never ask (and assume 8) expect; primMontgomeryDigitLength says so to those that ask.
    /// </summary>
    public const int MontgomeryDigitBits = 8;

    // ---- operands

    /// <summary>An Integer operand seen as the plugin sees it: a sign and a magnitude, and its byte length.</summary>
    private readonly struct Operand
    {
        public readonly BigInteger Magnitude;
        public readonly bool Negative;
        public readonly int ByteLength;
        public readonly bool IsSmall;

        public Operand(BigInteger magnitude, bool negative, int byteLength, bool isSmall)
        {
            Magnitude = magnitude; Negative = negative; ByteLength = byteLength; IsSmall = isSmall;
        }
    }

    private static bool TryOperand(Interpreter vm, Value v, out Operand op)
    {
        if (v.IsSmallInt)
        {
            var x = v.Bits;
            var magnitude = x < 0 ? (ulong)-x : (ulong)x;
            op = new Operand(magnitude, x < 0, SmallByteLength(magnitude), isSmall: true);
            return true;
        }
        if (IntegerValues.TryLarge(vm.Mem, v, out var b, out var negative))
        {
            op = new Operand(new BigInteger(b.Bytes, isUnsigned: true, isBigEndian: false), negative, b.Bytes.Length, isSmall: false);
            return true;
        }
        op = default;
        return false;
    }

    /// <summary>Bytes the plugin gives a SmallInteger converted to a LargeInteger: at least one.</summary>
    private static int SmallByteLength(ulong magnitude)
    {
        var n = 1;
        while (n < 8 && magnitude >> (8 * n) != 0) n++;
        return n;
    }

    /// <summary>Answers the normalized Integer with the given sign and magnitude (fails if it needs a LargeNegativeInteger class the VM does not know).</summary>
    private static bool AnswerSigned(Interpreter vm, int argCount, bool negative, BigInteger magnitude) =>
        IntegerValues.Answer(vm, argCount, negative ? -magnitude : magnitude);

    /// <summary>An unnormalized LargeInteger: the class carries the sign, the bytes the magnitude (at least <paramref name="minLength"/> of them).</summary>
    private static bool TryUnnormalized(Interpreter vm, bool negative, BigInteger magnitude, int minLength, out Value result)
    {
        result = default;
        if (negative && !IntegerValues.HasNegativeClass(vm.Mem)) return false;
        var bytes = magnitude.IsZero ? [] : magnitude.ToByteArray(isUnsigned: true, isBigEndian: false);
        if (bytes.Length < minLength) Array.Resize(ref bytes, minLength);
        result = vm.Mem.NewBytes(negative ? vm.Mem.ClassLargeNegativeInteger : vm.Mem.ClassLargePositiveInteger, bytes);
        return true;
    }

    private static bool TryBoolean(Interpreter vm, Value v, out bool b)
    {
        b = v == vm.Mem.TrueV;
        return b || v == vm.Mem.FalseV;
    }

    // ---- primitives

    /// <summary>|first| + |second|, with the sign of first.</summary>
    private static bool DigitAdd(Interpreter vm, int argCount)
    {
        if (!TryOperand(vm, vm.Stack(1), out var a) || !TryOperand(vm, vm.Stack(0), out var b)) return false;
        return AnswerSigned(vm, argCount, a.Negative, a.Magnitude + b.Magnitude);
    }

    /// <summary>|first| - |second| with the sign of first: when |second| is larger the sign flips.</summary>
    private static bool DigitSubtract(Interpreter vm, int argCount)
    {
        if (!TryOperand(vm, vm.Stack(1), out var a) || !TryOperand(vm, vm.Stack(0), out var b)) return false;
        var difference = a.Magnitude - b.Magnitude;
        var negative = difference.Sign < 0 ? !a.Negative : a.Negative;
        return AnswerSigned(vm, argCount, negative, BigInteger.Abs(difference));
    }

    /// <summary>|first| * |second|, negative when the flag is true.</summary>
    private static bool DigitMultiply(Interpreter vm, int argCount)
    {
        if (!TryOperand(vm, vm.Stack(2), out var a) || !TryOperand(vm, vm.Stack(1), out var b)
            || !TryBoolean(vm, vm.Stack(0), out var negative)) return false;
        return AnswerSigned(vm, argCount, negative, a.Magnitude * b.Magnitude);
    }

    /// <summary>
    /// {|first| // |second|. |first| \\ |second|} as an Array: the quotient negative when the
    /// flag is true, the remainder with the sign of first, both unnormalized LargeIntegers (the
    /// image normalizes them). When first has fewer digits than second the answer is
    /// {0. first}. Fails on a zero divisor and on LargeInteger operands with a leading zero byte.
    /// </summary>
    private static bool DigitDiv(Interpreter vm, int argCount)
    {
        Value first = vm.Stack(2), second = vm.Stack(1);
        if (!TryOperand(vm, first, out var a) || !TryOperand(vm, second, out var b)
            || !TryBoolean(vm, vm.Stack(0), out var negative)) return false;
        if (!IsNormalizedBytes(a) || !IsNormalizedBytes(b) || b.Magnitude.IsZero) return false;
        Value quotient, remainder;
        if (a.ByteLength < b.ByteLength)
        {
            quotient = Value.SmallInt(0);
            remainder = first;
            if (a.IsSmall && !TryUnnormalized(vm, a.Negative, a.Magnitude, a.ByteLength, out remainder)) return false;
        }
        else
        {
            var q = BigInteger.DivRem(a.Magnitude, b.Magnitude, out var r);
            if (!TryUnnormalized(vm, negative, q, 1, out quotient) || !TryUnnormalized(vm, a.Negative, r, 0, out remainder)) return false;
        }
        return vm.Answer(argCount, vm.Mem.NewArray([quotient, remainder]));
    }

    /// <summary>A LargeInteger operand must not have a leading zero byte (the plugin's guard against unnormalized input).</summary>
    private static bool IsNormalizedBytes(in Operand op) =>
        op.IsSmall || (op.ByteLength > 0 && op.Magnitude.GetBitLength() > 8L * (op.ByteLength - 1));

    /// <summary>
    /// Compare: two SmallIntegers compare as values; a SmallInteger is smaller than any
    /// LargeInteger; two LargeIntegers compare their magnitudes. Answers -1, 0 or 1.
    /// </summary>
    private static bool DigitCompare(Interpreter vm, int argCount)
    {
        Value first = vm.Stack(1), second = vm.Stack(0);
        if (!TryOperand(vm, first, out var a) || !TryOperand(vm, second, out var b)) return false;
        int c;
        if (a.IsSmall && b.IsSmall) c = first.Bits.CompareTo(second.Bits);
        else if (a.IsSmall) c = -1;
        else if (b.IsSmall) c = 1;
        else c = a.Magnitude.CompareTo(b.Magnitude);
        return vm.Answer(argCount, Value.SmallInt(Math.Sign(c)));
    }

    /// <summary>bitAnd:/bitOr:/bitXor: of two non-negative Integers; fails if either is negative.</summary>
    private static bool BitLogic(Interpreter vm, int argCount, Value first, Value second, long op)
    {
        if (!TryOperand(vm, first, out var a) || !TryOperand(vm, second, out var b)) return false;
        if (a.Negative || b.Negative) return false;
        BigInteger r;
        switch (op)
        {
            case AndOp: r = a.Magnitude & b.Magnitude; break;
            case OrOp: r = a.Magnitude | b.Magnitude; break;
            case XorOp: r = a.Magnitude ^ b.Magnitude; break;
            default: return false;
        }
        return IntegerValues.Answer(vm, argCount, r);
    }

    private static bool DigitBitLogicWithOp(Interpreter vm, int argCount)
    {
        if (argCount != 3 || !vm.Stack(0).IsSmallInt) return false;
        return BitLogic(vm, 3, vm.Stack(2), vm.Stack(1), vm.Stack(0).Bits);
    }

    /// <summary>
    /// The magnitude shifted, keeping the receiver's sign: left shifts answer an unnormalized
    /// LargeInteger (as the plugin does), right shifts a normalized Integer.
    /// </summary>
    private static bool BitShiftMagnitude(Interpreter vm, int argCount)
    {
        var count = vm.Stack(0);
        if (!count.IsSmallInt || !TryOperand(vm, vm.Stack(1), out var a)) return false;
        var shift = count.Bits;
        if (shift >= 0)
        {
            if (a.Magnitude.IsZero) return vm.Answer(argCount, Value.SmallInt(0));
            if ((long)a.Magnitude.GetBitLength() + shift > SmallIntegerPrimitives.MaxShiftResultBits) return false;
            return TryUnnormalized(vm, a.Negative, a.Magnitude << (int)shift, 1, out var shifted) && vm.Answer(argCount, shifted);
        }
        var right = -shift;
        var rest = right >= (long)a.Magnitude.GetBitLength() ? BigInteger.Zero : a.Magnitude >> (int)right;
        return AnswerSigned(vm, argCount, a.Negative, rest);
    }

    /// <summary>Whether any bit of the magnitude from bit <c>from</c> to bit <c>to</c> (1-based, inclusive) is set.</summary>
    private static bool AnyBitFromTo(Interpreter vm, int argCount)
    {
        if (argCount != 2) return false;
        Value from = vm.Stack(1), to = vm.Stack(0);
        if (!from.IsSmallInt || !to.IsSmallInt || !TryOperand(vm, vm.Stack(2), out var a)) return false;
        if (from.Bits < 1 || to.Bits < 1) return false;
        var stop = Math.Min(to.Bits, (long)a.Magnitude.GetBitLength());
        var start = from.Bits;
        if (start > stop) return vm.Answer(2, vm.Mem.FalseV);
        // Bits start..stop: shift them down and mask.
        var window = (a.Magnitude >> (int)(start - 1)) & ((BigInteger.One << (int)(stop - start + 1)) - 1);
        return vm.Answer(2, vm.Mem.Bool(!window.IsZero));
    }

    /// <summary>LargePositiveInteger>>normalize / LargeNegativeInteger>>normalize: the receiver must be of that class.</summary>
    private static bool Normalize(Interpreter vm, int argCount, bool positive)
    {
        var r = vm.Stack(argCount);
        if (!IntegerValues.TryLarge(vm.Mem, r, out var b, out var negative) || negative == positive) return false;
        return AnswerNormalized(vm, argCount, r, b, negative);
    }

    /// <summary>Older plugin: normalize any Integer argument (a SmallInteger answers itself).</summary>
    private static bool NormalizeAny(Interpreter vm, int argCount)
    {
        var v = vm.Stack(0);
        if (argCount < 1) return false;
        if (v.IsSmallInt) return vm.Answer(argCount, v);
        return IntegerValues.TryLarge(vm.Mem, v, out var b, out var negative) && AnswerNormalized(vm, argCount, v, b, negative);
    }

    /// <summary>A SmallInteger when the value fits, the LargeInteger itself when it has no leading zero bytes, else a shortened copy.</summary>
    private static bool AnswerNormalized(Interpreter vm, int argCount, Value original, BytesObject b, bool negative)
    {
        var length = b.Bytes.Length;
        while (length > 0 && b.Bytes[length - 1] == 0) length--;
        var magnitude = new BigInteger(b.Bytes.AsSpan(0, length), isUnsigned: true, isBigEndian: false);
        var value = negative ? -magnitude : magnitude;
        if (value >= vm.Mem.MinSmallInt && value <= vm.Mem.MaxSmallInt) return vm.Answer(argCount, Value.SmallInt((long)value));
        if (length == b.Bytes.Length) return vm.Answer(argCount, original);
        return vm.Answer(argCount, vm.Mem.NewBytes(b.Class, b.Bytes[..length]));
    }

    /// <summary>Older plugin: a SmallInteger argument as an unnormalized LargeInteger; a LargeInteger answers itself.</summary>
    private static bool AsLargeInteger(Interpreter vm, int argCount)
    {
        var v = vm.Stack(0);
        if (argCount < 1 || !TryOperand(vm, v, out var a)) return false;
        if (!a.IsSmall) return vm.Answer(argCount, v);
        return TryUnnormalized(vm, a.Negative, a.Magnitude, a.ByteLength, out var large) && vm.Answer(argCount, large);
    }

    /// <summary>
    /// Montgomery product self * a / R mod m with R = 256^(byte length of m), digit by digit as
    /// the plugin does: n rounds of adding a digit of self times a plus u times m (u chosen with
    /// mInv to clear the low digit) and dropping that digit, then one conditional subtraction of
    /// m. Fails unless self and a are no longer than m and mInv is a digit (0..255).
    /// </summary>
    private static bool MontgomeryTimesModulo(Interpreter vm, int argCount)
    {
        if (argCount != 3) return false;
        if (!TryOperand(vm, vm.Stack(3), out var x) || !TryOperand(vm, vm.Stack(2), out var y)
            || !TryOperand(vm, vm.Stack(1), out var m) || !vm.Stack(0).IsSmallInt) return false;
        var mInv = vm.Stack(0).Bits;
        var n = m.ByteLength;
        if (x.ByteLength > n || y.ByteLength > n || mInv is < 0 or > 255) return false;
        var t = BigInteger.Zero;
        var xBytes = x.Magnitude.ToByteArray(isUnsigned: true, isBigEndian: false);
        for (var i = 0; i < n; i++)
        {
            var xi = i < xBytes.Length ? xBytes[i] : 0;
            t += xi * y.Magnitude;
            var u = (int)((((uint)(t & 0xFF)) * (ulong)mInv) & 0xFF);
            t = (t + u * m.Magnitude) >> 8;
        }
        if (t >= m.Magnitude) t = (t - m.Magnitude) & ((BigInteger.One << (8 * n)) - 1);
        return IntegerValues.Answer(vm, 3, t);
    }
}
