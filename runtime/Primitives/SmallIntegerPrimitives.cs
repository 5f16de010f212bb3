using System.Numerics;
using System.Runtime.CompilerServices;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// Integer arithmetic: primitives 1–17 (SmallInteger), 20–37 (the LargeInteger versions of
/// the same operations) and 40 (SmallInteger asFloat).
/// </summary>
/// <remarks>
/// Both ranges share one implementation: receiver and argument may be any Integer
/// (SmallInteger or LargePositive/NegativeInteger, normalized or not) and the answer is
/// exact, normalized, a LargeInteger when it does not fit a SmallInteger. The reference VMs
/// fail more often (on SmallInteger overflow, or on LargeIntegers beyond 64 bits) and let the
/// image's fallback code compute the same value more slowly; answering it directly is
/// indistinguishable to the image. A non-Integer operand (a Float, a Fraction, nil) always
/// fails so that the image coerces or answers false itself. Division fails on a zero divisor,
/// and / also fails when the quotient is not exact (the image then makes a Fraction).
/// </remarks>
public static class SmallIntegerPrimitives
{
    /// <summary>bitShift: answers fail beyond this many bits, so a runaway shift cannot exhaust memory here.</summary>
    public const int MaxShiftResultBits = 1 << 28;

    public static void Register(PrimitiveTable t)
    {
        foreach (var b in new[] { 0, 20 })
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
            t.Add(b + 11, Mod);
            t.Add(b + 12, Div);
            t.Add(b + 13, Quo);
            t.Add(b + 14, BitAnd);
            t.Add(b + 15, BitOr);
            t.Add(b + 16, BitXor);
            t.Add(b + 17, BitShift);
        }
        t.Add(20, Rem);
        t.Add(40, AsFloat);
    }

    // ---- arithmetic

    public static bool Add(Interpreter vm, int argCount)
    {
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (a.IsSmallInt && b.IsSmallInt) return IntegerValues.Answer(vm, 1, a.Bits + b.Bits);
        return Big(vm, a, b, out var x, out var y) && IntegerValues.Answer(vm, 1, x + y);
    }

    public static bool Subtract(Interpreter vm, int argCount)
    {
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (a.IsSmallInt && b.IsSmallInt) return IntegerValues.Answer(vm, 1, a.Bits - b.Bits);
        return Big(vm, a, b, out var x, out var y) && IntegerValues.Answer(vm, 1, x - y);
    }

    public static bool Multiply(Interpreter vm, int argCount)
    {
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (a.IsSmallInt && b.IsSmallInt)
        {
            var high = Math.BigMul(a.Bits, b.Bits, out var low);
            if (high == low >> 63) return IntegerValues.Answer(vm, 1, low);
            return IntegerValues.Answer(vm, 1, (BigInteger)a.Bits * b.Bits);
        }
        return Big(vm, a, b, out var x, out var y) && IntegerValues.Answer(vm, 1, x * y);
    }

    /// <summary>/ : exact quotients only.</summary>
    public static bool Divide(Interpreter vm, int argCount)
    {
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (a.IsSmallInt && b.IsSmallInt)
        {
            // SmallIntegers are at most 61 bits, so long division cannot overflow.
            if (b.Bits == 0 || a.Bits % b.Bits != 0) return false;
            return IntegerValues.Answer(vm, 1, a.Bits / b.Bits);
        }
        if (!Big(vm, a, b, out var x, out var y) || y.IsZero) return false;
        var q = BigInteger.DivRem(x, y, out var r);
        return r.IsZero && IntegerValues.Answer(vm, 1, q);
    }

    /// <summary>\\ : modulo, the remainder of floored division (sign of the divisor).</summary>
    public static bool Mod(Interpreter vm, int argCount)
    {
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (a.IsSmallInt && b.IsSmallInt)
            return b.Bits != 0 && IntegerValues.Answer(vm, 1, FloorMod(a.Bits, b.Bits));
        if (!Big(vm, a, b, out var x, out var y) || y.IsZero) return false;
        return IntegerValues.Answer(vm, 1, FloorMod(x, y));
    }

    /// <summary>// : quotient rounded towards negative infinity.</summary>
    public static bool Div(Interpreter vm, int argCount)
    {
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (a.IsSmallInt && b.IsSmallInt)
            return b.Bits != 0 && IntegerValues.Answer(vm, 1, FloorDiv(a.Bits, b.Bits));
        if (!Big(vm, a, b, out var x, out var y) || y.IsZero) return false;
        return IntegerValues.Answer(vm, 1, FloorDiv(x, y));
    }

    /// <summary>quo: : quotient truncated towards zero.</summary>
    public static bool Quo(Interpreter vm, int argCount)
    {
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (a.IsSmallInt && b.IsSmallInt)
            return b.Bits != 0 && IntegerValues.Answer(vm, 1, a.Bits / b.Bits);
        if (!Big(vm, a, b, out var x, out var y) || y.IsZero) return false;
        return IntegerValues.Answer(vm, 1, BigInteger.Divide(x, y));
    }

    /// <summary>rem: (primitive 20): remainder of truncated division (sign of the receiver).</summary>
    public static bool Rem(Interpreter vm, int argCount)
    {
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (a.IsSmallInt && b.IsSmallInt)
            return b.Bits != 0 && IntegerValues.Answer(vm, 1, a.Bits % b.Bits);
        if (!Big(vm, a, b, out var x, out var y) || y.IsZero) return false;
        return IntegerValues.Answer(vm, 1, BigInteger.Remainder(x, y));
    }

    // ---- comparisons

    public static bool LessThan(Interpreter vm, int argCount) => Compare(vm, argCount, out var c) && vm.Answer(1, c < 0);
    public static bool GreaterThan(Interpreter vm, int argCount) => Compare(vm, argCount, out var c) && vm.Answer(1, c > 0);
    public static bool LessOrEqual(Interpreter vm, int argCount) => Compare(vm, argCount, out var c) && vm.Answer(1, c <= 0);
    public static bool GreaterOrEqual(Interpreter vm, int argCount) => Compare(vm, argCount, out var c) && vm.Answer(1, c >= 0);
    public static bool Equal(Interpreter vm, int argCount) => Compare(vm, argCount, out var c) && vm.Answer(1, c == 0);
    public static bool NotEqual(Interpreter vm, int argCount) => Compare(vm, argCount, out var c) && vm.Answer(1, c != 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Compare(Interpreter vm, int argCount, out int result)
    {
        result = 0;
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (a.IsSmallInt && b.IsSmallInt) { result = a.Bits.CompareTo(b.Bits); return true; }
        if (!Big(vm, a, b, out var x, out var y)) return false;
        result = x.CompareTo(y);
        return true;
    }

    // ---- bit operations (two's complement semantics for negative operands, as Integer>>bitAnd: etc. define them)

    public static bool BitAnd(Interpreter vm, int argCount)
    {
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (a.IsSmallInt && b.IsSmallInt) return vm.Answer(1, Value.SmallInt(a.Bits & b.Bits));
        return Big(vm, a, b, out var x, out var y) && IntegerValues.Answer(vm, 1, x & y);
    }

    public static bool BitOr(Interpreter vm, int argCount)
    {
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (a.IsSmallInt && b.IsSmallInt) return vm.Answer(1, Value.SmallInt(a.Bits | b.Bits));
        return Big(vm, a, b, out var x, out var y) && IntegerValues.Answer(vm, 1, x | y);
    }

    public static bool BitXor(Interpreter vm, int argCount)
    {
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (a.IsSmallInt && b.IsSmallInt) return vm.Answer(1, Value.SmallInt(a.Bits ^ b.Bits));
        return Big(vm, a, b, out var x, out var y) && IntegerValues.Answer(vm, 1, x ^ y);
    }

    /// <summary>bitShift: : left for a positive count, arithmetic (flooring) right for a negative one. The count must be a SmallInteger.</summary>
    public static bool BitShift(Interpreter vm, int argCount)
    {
        if (argCount != 1) return false;
        Value a = vm.Stack(1), b = vm.Stack(0);
        if (!b.IsSmallInt) return false;
        var shift = b.Bits;
        if (a.IsSmallInt)
        {
            var v = a.Bits;
            if (shift <= 0)
                return vm.Answer(1, Value.SmallInt(shift <= -64 ? (v < 0 ? -1 : 0) : v >> (int)-shift));
            if (v == 0) return vm.Answer(1, Value.SmallInt(0));
            if (shift < 63)
            {
                var r = v << (int)shift;
                if (r >> (int)shift == v) return IntegerValues.Answer(vm, 1, r);
            }
            return ShiftBig(vm, v, shift);
        }
        if (!IntegerValues.TryGet(vm.Mem, a, out var x)) return false;
        if (shift <= 0)
        {
            // Past the highest bit only the sign remains.
            if (-shift >= (long)x.GetBitLength() + 1) return vm.Answer(1, Value.SmallInt(x.Sign < 0 ? -1 : 0));
            return IntegerValues.Answer(vm, 1, x >> (int)-shift);
        }
        return ShiftBig(vm, x, shift);
    }

    private static bool ShiftBig(Interpreter vm, BigInteger x, long shift)
    {
        if (x.IsZero) return vm.Answer(1, Value.SmallInt(0));
        if ((long)x.GetBitLength() + shift > MaxShiftResultBits) return false;
        return IntegerValues.Answer(vm, 1, x << (int)shift);
    }

    // ---- conversion

    /// <summary>SmallInteger asFloat (primitive 40).</summary>
    public static bool AsFloat(Interpreter vm, int argCount)
    {
        var r = vm.Stack(argCount);
        return r.IsSmallInt && vm.Answer(argCount, vm.Mem.Float(r.Bits));
    }

    // ---- helpers

    /// <summary>Both operands as BigIntegers; false unless both are Integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Big(Interpreter vm, Value a, Value b, out BigInteger x, out BigInteger y)
    {
        y = default;
        return IntegerValues.TryGet(vm.Mem, a, out x) && IntegerValues.TryGet(vm.Mem, b, out y);
    }

    public static long FloorDiv(long a, long b)
    {
        var q = a / b;
        if ((a % b != 0) && ((a ^ b) < 0)) q--;
        return q;
    }

    public static long FloorMod(long a, long b)
    {
        var r = a % b;
        if (r != 0 && ((r ^ b) < 0)) r += b;
        return r;
    }

    public static BigInteger FloorDiv(BigInteger a, BigInteger b)
    {
        var q = BigInteger.DivRem(a, b, out var r);
        if (!r.IsZero && (r.Sign != b.Sign)) q -= 1;
        return q;
    }

    public static BigInteger FloorMod(BigInteger a, BigInteger b)
    {
        var r = BigInteger.Remainder(a, b);
        if (!r.IsZero && r.Sign != b.Sign) r += b;
        return r;
    }
}

/// <summary>
/// Integers as the arithmetic primitives read and make them. Images older than the
/// 42-entry special objects array do not name LargeNegativeInteger to the VM, so
/// <see cref="ObjectMemory"/> falls back to LargePositiveInteger for both; here a
/// LargePositiveInteger then still reads as positive, and a negative answer that would need
/// the missing class fails the primitive instead, so the image computes it itself.
/// </summary>
public static class IntegerValues
{
    /// <summary>Whether the VM knows a LargeNegativeInteger class distinct from LargePositiveInteger.</summary>
    public static bool HasNegativeClass(ObjectMemory mem) => !ReferenceEquals(mem.ClassLargeNegativeInteger, mem.ClassLargePositiveInteger);

    /// <summary>A LargeInteger's sign: true = negative; false when <paramref name="v"/> is not a LargeInteger.</summary>
    public static bool TryLarge(ObjectMemory mem, Value v, out BytesObject large, out bool negative)
    {
        negative = false;
        large = null!;
        if (v.Ref is not BytesObject b) return false;
        if (ReferenceEquals(b.Class, mem.ClassLargePositiveInteger)) { large = b; return true; }
        if (ReferenceEquals(b.Class, mem.ClassLargeNegativeInteger)) { large = b; negative = true; return true; }
        return false;
    }

    /// <summary>Any Integer (SmallInteger or LargeInteger, normalized or not) as a BigInteger.</summary>
    public static bool TryGet(ObjectMemory mem, Value v, out BigInteger x)
    {
        if (v.IsSmallInt) { x = v.Bits; return true; }
        if (!TryLarge(mem, v, out var b, out var negative)) { x = default; return false; }
        x = new BigInteger(b.Bytes, isUnsigned: true, isBigEndian: false);
        if (negative) x = -x;
        return true;
    }

    /// <summary>An Integer value: a SmallInteger when it fits, else a LargeInteger; false when it needs a class the VM does not know.</summary>
    public static bool TryMake(ObjectMemory mem, BigInteger x, out Value v)
    {
        if (x >= mem.MinSmallInt && x <= mem.MaxSmallInt) { v = Value.SmallInt((long)x); return true; }
        if (x.Sign < 0 && !HasNegativeClass(mem)) { v = default; return false; }
        v = mem.Integer(x);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Answer(Interpreter vm, int argCount, long x)
    {
        var mem = vm.Mem;
        if (x >= mem.MinSmallInt && x <= mem.MaxSmallInt) return vm.Answer(argCount, Value.SmallInt(x));
        if (x < 0 && !HasNegativeClass(mem)) return false;
        return vm.Answer(argCount, mem.Integer(x));
    }

    public static bool Answer(Interpreter vm, int argCount, BigInteger x) =>
        TryMake(vm.Mem, x, out var v) && vm.Answer(argCount, v);
}
