using System.Numerics;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Plugins;
using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Integer, Float and LargeIntegers-plugin primitives called directly on a primitive-test
/// interpreter over real images: cuis5.0-spur32 and squeak2-mini (31-bit SmallIntegers, boxed
/// Floats), pharo8-kernel-spur64 (61-bit SmallIntegers, SmallFloat64 immediates).
/// </summary>
public class NumberPrimitiveTests
{
    private const string Cuis = "cuis5.0-spur32.image", Squeak2 = "squeak2-mini.image", Pharo = "pharo8-kernel-spur64.image";
    private static readonly PrimitiveTable Table = PrimitiveTable.CreateStandard();
    private static readonly Value Sentinel = Value.SmallInt(-424242);

    private static Interpreter Vm(string image) => Interpreter.ForPrimitiveTests(TestImages.Shared(image));

    /// <summary>Pushes a sentinel, the receiver and the arguments, runs the primitive; on success checks that exactly the receiver and arguments were replaced by one result, on failure that the stack is untouched.</summary>
    private static bool Call(Interpreter vm, Primitive? p, Value receiver, params Value[] args)
    {
        Assert.NotNull(p);
        vm.Push(Sentinel);
        vm.Push(receiver);
        foreach (var a in args) vm.Push(a);
        var ok = p!(vm, args.Length);
        if (ok)
        {
            Assert.Equal(Sentinel, vm.Stack(1));
        }
        else
        {
            Assert.Equal(Sentinel, vm.Stack(args.Length + 1));
            Assert.Equal(receiver, vm.Stack(args.Length));
            for (var i = 0; i < args.Length; i++) Assert.Equal(args[i], vm.Stack(args.Length - 1 - i));
            vm.PopN(args.Length + 2);
        }
        return ok;
    }

    private static Value Result(Interpreter vm)
    {
        var r = vm.Pop();
        Assert.Equal(Sentinel, vm.Pop());
        return r;
    }

    private static Value Num(Interpreter vm, int prim, Value receiver, params Value[] args)
    {
        Assert.True(Call(vm, Table.Numbered(prim), receiver, args), $"primitive {prim} failed");
        return Result(vm);
    }

    private static Value Named(Interpreter vm, string name, Value receiver, params Value[] args)
    {
        Assert.True(Call(vm, Table.Named("LargeIntegers", name), receiver, args), $"{name} failed");
        return Result(vm);
    }

    private static void Fails(Interpreter vm, int prim, Value receiver, params Value[] args) =>
        Assert.False(Call(vm, Table.Numbered(prim), receiver, args), $"primitive {prim} should fail");

    private static void NamedFails(Interpreter vm, string name, Value receiver, params Value[] args) =>
        Assert.False(Call(vm, Table.Named("LargeIntegers", name), receiver, args), $"{name} should fail");

    private static BigInteger Big(Interpreter vm, Value v)
    {
        Assert.True(IntegerValues.TryGet(vm.Mem, v, out var x), $"{v} is not an Integer");
        return x;
    }

    private static double Dbl(Interpreter vm, Value v)
    {
        Assert.True(vm.Mem.TryFloat(v, out var d), $"{v} is not a Float");
        return d;
    }

    private static Value I(Interpreter vm, BigInteger x) => vm.Mem.Integer(x);
    private static Value I(long x) => Value.SmallInt(x);

    /// <summary>An Integer normalized as the image expects: SmallInteger in range, else a LargeInteger of the right sign class and minimal length.</summary>
    private static void AssertNormalized(Interpreter vm, BigInteger expected, Value v)
    {
        Assert.Equal(expected, Big(vm, v));
        if (expected >= vm.Mem.MinSmallInt && expected <= vm.Mem.MaxSmallInt)
        {
            Assert.True(v.IsSmallInt, $"{expected} should be a SmallInteger");
            return;
        }
        var b = Assert.IsType<BytesObject>(v.Obj);
        Assert.Same(expected.Sign < 0 ? vm.Mem.ClassLargeNegativeInteger : vm.Mem.ClassLargePositiveInteger, b.Class);
        Assert.NotEqual(0, b.Bytes[^1]);
    }

    // ---------------------------------------------------------------- SmallInteger

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Squeak2)]
    [InlineData(Pharo)]
    public void SmallInteger_arithmetic_and_comparisons(string image)
    {
        var vm = Vm(image);
        Assert.Equal(I(7), Num(vm, 1, I(3), I(4)));
        Assert.Equal(I(-1), Num(vm, 2, I(3), I(4)));
        Assert.Equal(I(-12), Num(vm, 9, I(3), I(-4)));
        Assert.Equal(I(5), Num(vm, 10, I(35), I(7)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 3, I(3), I(4)));
        Assert.Equal(vm.Mem.FalseV, Num(vm, 4, I(3), I(4)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 5, I(4), I(4)));
        Assert.Equal(vm.Mem.FalseV, Num(vm, 6, I(3), I(4)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 7, I(-9), I(-9)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 8, I(-9), I(9)));
    }

    [Theory]
    [InlineData(Cuis, 30)]
    [InlineData(Pharo, 60)]
    public void Overflow_becomes_a_LargeInteger(string image, int bits)
    {
        var vm = Vm(image);
        var max = (BigInteger.One << bits) - 1;
        var min = -(BigInteger.One << bits);
        Assert.Equal((long)max, vm.Mem.MaxSmallInt);

        AssertNormalized(vm, max + 1, Num(vm, 1, I((long)max), I(1)));
        AssertNormalized(vm, min - 1, Num(vm, 2, I((long)min), I(1)));
        AssertNormalized(vm, max * max, Num(vm, 9, I((long)max), I((long)max)));
        AssertNormalized(vm, min * min, Num(vm, 9, I((long)min), I((long)min)));
        AssertNormalized(vm, -min, Num(vm, 10, I((long)min), I(-1)));
        AssertNormalized(vm, -min, Num(vm, 12, I((long)min), I(-1)));
        AssertNormalized(vm, -min, Num(vm, 13, I((long)min), I(-1)));
        AssertNormalized(vm, BigInteger.One << bits, Num(vm, 17, I(1), I(bits)));
        AssertNormalized(vm, BigInteger.One << 100, Num(vm, 17, I(1), I(100)));
        AssertNormalized(vm, -(BigInteger.One << 200), Num(vm, 17, I(-1), I(200)));
        // Back into range: the LargeInteger primitives answer SmallIntegers when they can.
        Assert.Equal(I((long)max), Num(vm, 22, I(vm, max + 1), I(1)));
    }

    [Fact]
    public void Squeak2_images_find_LargeNegativeInteger_by_name()
    {
        // Squeak 2 images have 41 special objects and do not name LargeNegativeInteger to the
        // VM; ObjectMemory finds it among the globals, so negative large answers work there too.
        var vm = Vm(Squeak2);
        Assert.True(IntegerValues.HasNegativeClass(vm.Mem));
        var p100 = BigInteger.Pow(2, 100);
        var x = I(vm, p100);
        Assert.Same(vm.Mem.ClassLargePositiveInteger, x.Obj.Class);
        AssertNormalized(vm, p100 + 1, Num(vm, 21, x, I(1)));
        var negative = Num(vm, 22, I(1), x);
        Assert.Same(vm.Mem.ClassLargeNegativeInteger, negative.Obj.Class);
        AssertNormalized(vm, 1 - p100, negative);
    }

    public static TheoryData<long, long, long, long, long, long> DivisionCases => new()
    {
        // a, b, a // b, a \\ b, a quo: b, a rem: b
        { 7, 2, 3, 1, 3, 1 },
        { -7, 2, -4, 1, -3, -1 },
        { 7, -2, -4, -1, -3, 1 },
        { -7, -2, 3, -1, 3, -1 },
        { 6, 3, 2, 0, 2, 0 },
        { -6, 3, -2, 0, -2, 0 },
        { 0, -5, 0, 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(DivisionCases))]
    public void Division_floors_modulo_takes_the_divisor_sign_quo_and_rem_truncate(long a, long b, long div, long mod, long quo, long rem)
    {
        foreach (var image in new[] { Cuis, Pharo })
        {
            var vm = Vm(image);
            Assert.Equal(I(div), Num(vm, 12, I(a), I(b)));
            Assert.Equal(I(mod), Num(vm, 11, I(a), I(b)));
            Assert.Equal(I(quo), Num(vm, 13, I(a), I(b)));
            Assert.Equal(I(rem), Num(vm, 20, I(a), I(b)));

            // The same signs on LargeIntegers: scale both operands by 2^100 + 1 keeps the quotients
            // and scales the remainders.
            var k = (BigInteger.One << 100) + 1;
            Value la = I(vm, a * k), lb = I(vm, b * k);
            Assert.Equal(I(div), Num(vm, 32, la, lb));
            AssertNormalized(vm, mod * k, Num(vm, 31, la, lb));
            Assert.Equal(I(quo), Num(vm, 33, la, lb));
            AssertNormalized(vm, rem * k, Num(vm, 20, la, lb));
        }
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Pharo)]
    public void Division_fails_on_zero_divisor_and_inexact_quotients(string image)
    {
        var vm = Vm(image);
        foreach (var p in new[] { 10, 11, 12, 13, 20, 30, 31, 32, 33 })
        {
            Fails(vm, p, I(7), I(0));
            Fails(vm, p, I(vm, BigInteger.One << 100), I(0));
        }
        Fails(vm, 10, I(7), I(2));
        Fails(vm, 30, I(vm, (BigInteger.One << 100) + 1), I(2));
        AssertNormalized(vm, BigInteger.One << 99, Num(vm, 30, I(vm, BigInteger.One << 100), I(2)));
        AssertNormalized(vm, -(BigInteger.One << 60), Num(vm, 30, I(vm, BigInteger.One << 160), I(vm, -(BigInteger.One << 100))));
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Squeak2)]
    [InlineData(Pharo)]
    public void Non_integer_operands_fail_and_leave_the_stack_intact(string image)
    {
        var vm = Vm(image);
        var half = vm.Mem.Float(0.5);
        foreach (var p in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 27, 29, 37 })
        {
            Fails(vm, p, I(3), vm.Mem.NilV);
            if (p > 10) Fails(vm, p, I(3), half);
            Fails(vm, p, vm.Mem.NilV, I(3));
        }
        // SmallInteger op Float (1-10) answers as the C VM's arithmetic bytecodes do; / by 0.0 still fails (ZeroDivide).
        Assert.True(vm.Mem.TryFloat(Num(vm, 9, I(3), half), out var product) && product == 1.5);
        Assert.True(vm.Mem.TryFloat(Num(vm, 10, I(3), half), out var quotient) && quotient == 6.0);
        Assert.Equal(vm.Mem.TrueV, Num(vm, 3, I(0), half));
        Assert.Equal(vm.Mem.FalseV, Num(vm, 7, I(3), half));
        Fails(vm, 10, I(3), vm.Mem.Float(0.0));
        Fails(vm, 21, I(vm, BigInteger.One << 100), half);              // a LargeInteger receiver still coerces in the image
        Fails(vm, 17, I(1), I(vm, BigInteger.One << 100));        // shift count must be a SmallInteger
        Fails(vm, 17, I(1), I(1L << 40));                          // far too big an answer
        Fails(vm, 1, I(3), I(4), I(5));                            // wrong argument count
        Fails(vm, 40, vm.Mem.Float(1.0));
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Pharo)]
    public void Large_values_like_2_raisedTo_100(string image)
    {
        var vm = Vm(image);
        var p100 = BigInteger.Pow(2, 100);
        var p64 = BigInteger.Pow(2, 64);
        var x = I(vm, p100);
        AssertNormalized(vm, p100 + 1, Num(vm, 21, x, I(1)));
        AssertNormalized(vm, p100 + 1, Num(vm, 1, I(1), x));
        AssertNormalized(vm, p100 - p64, Num(vm, 22, x, I(vm, p64)));
        AssertNormalized(vm, p64 - p100, Num(vm, 22, I(vm, p64), x));
        AssertNormalized(vm, p100 * p100, Num(vm, 29, x, x));
        AssertNormalized(vm, -p100 * 3, Num(vm, 29, x, I(-3)));
        AssertNormalized(vm, p100 / 3, Num(vm, 32, x, I(3)));
        AssertNormalized(vm, 1, Num(vm, 31, x, I(3)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 23, I(vm, -p100), I(5)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 24, x, I(vm, p64)));
        Assert.Equal(vm.Mem.FalseV, Num(vm, 25, x, I(vm, p64)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 26, x, I(vm, p100)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 27, x, I(vm, p100)));     // equal values, different objects
        Assert.Equal(vm.Mem.TrueV, Num(vm, 7, x, I(vm, p100)));      // squeak2 LargePositiveInteger>>= uses 7
        Assert.Equal(vm.Mem.FalseV, Num(vm, 28, x, I(vm, p100)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 8, x, I(vm, p64)));
        // A LargeInteger with leading zero bytes still has its value.
        var padded = vm.Mem.NewBytes(vm.Mem.ClassLargePositiveInteger, [5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        Assert.Equal(I(6), Num(vm, 21, padded, I(1)));
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Pharo)]
    public void Bit_operations_use_twos_complement(string image)
    {
        var vm = Vm(image);
        Assert.Equal(I(255), Num(vm, 14, I(-1), I(255)));
        Assert.Equal(I(-241), Num(vm, 15, I(-256), I(15)));
        Assert.Equal(I(-256), Num(vm, 16, I(-1), I(255)));
        var a = (BigInteger.One << 100) - 1;
        var b = -(BigInteger.One << 64);
        AssertNormalized(vm, a & b, Num(vm, 34, I(vm, a), I(vm, b)));
        AssertNormalized(vm, a | b, Num(vm, 35, I(vm, a), I(vm, b)));
        AssertNormalized(vm, a ^ b, Num(vm, 36, I(vm, a), I(vm, b)));
        AssertNormalized(vm, a & 0xF0, Num(vm, 14, I(vm, a), I(0xF0)));          // squeak2 uses 14 on LargeIntegers
        AssertNormalized(vm, uint.MaxValue, Num(vm, 15, I(vm, 0x80000000L), I(0x7FFFFFFF)));
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Pharo)]
    public void BitShift_floors_right_shifts_and_handles_large_counts(string image)
    {
        var vm = Vm(image);
        Assert.Equal(I(-3), Num(vm, 17, I(-5), I(-1)));
        Assert.Equal(I(2), Num(vm, 17, I(5), I(-1)));
        Assert.Equal(I(-1), Num(vm, 17, I(-1), I(-200)));
        Assert.Equal(I(0), Num(vm, 17, I(12345), I(-64)));
        Assert.Equal(I(0), Num(vm, 17, I(0), I(1000)));
        Assert.Equal(I(4), Num(vm, 37, I(vm, BigInteger.One << 100), I(-98)));
        Assert.Equal(I(-1), Num(vm, 37, I(vm, -(BigInteger.One << 100) - 1), I(-200)));
        AssertNormalized(vm, -(BigInteger.One << 97) - 1, Num(vm, 37, I(vm, -(BigInteger.One << 100) - 1), I(-3)));   // floor
        AssertNormalized(vm, BigInteger.One << 1000, Num(vm, 37, I(vm, BigInteger.One << 100), I(900)));
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Pharo)]
    public void AsFloat_answers_a_float_of_the_image_kind(string image)
    {
        var vm = Vm(image);
        var f = Num(vm, 40, I(-7));
        Assert.Equal(-7.0, Dbl(vm, f));
        Assert.Equal(image == Pharo, f.IsSmallFloat);
        Assert.Equal(image == Cuis, f.IsObject && f.Obj is FloatObject);
        Assert.Equal((double)vm.Mem.MaxSmallInt, Dbl(vm, Num(vm, 40, I(vm.Mem.MaxSmallInt))));
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Pharo)]
    public void Random_operands_agree_with_BigInteger(string image)
    {
        var vm = Vm(image);
        var rng = new Random(12345);
        BigInteger Pick()
        {
            var bits = rng.Next(6) switch { 0 => 4, 1 => 29, 2 => 31, 3 => 60, 4 => 64, _ => 150 };
            var bytes = new byte[bits / 8 + 1];
            rng.NextBytes(bytes);
            var x = new BigInteger(bytes, isUnsigned: true) & ((BigInteger.One << bits) - 1);
            if (rng.Next(3) == 0) x += rng.Next(-2, 3);          // around the boundaries
            return rng.Next(2) == 0 ? -x : x;
        }
        for (var k = 0; k < 400; k++)
        {
            BigInteger a = Pick(), b = Pick();
            Value va = I(vm, a), vb = I(vm, b);
            var p = BigInteger.Abs(a) < vm.Mem.MaxSmallInt && BigInteger.Abs(b) < vm.Mem.MaxSmallInt ? 0 : 20;
            AssertNormalized(vm, a + b, Num(vm, p + 1, va, vb));
            AssertNormalized(vm, a - b, Num(vm, p + 2, va, vb));
            Assert.Equal(vm.Mem.Bool(a < b), Num(vm, p + 3, va, vb));
            Assert.Equal(vm.Mem.Bool(a >= b), Num(vm, p + 6, va, vb));
            Assert.Equal(vm.Mem.Bool(a == b), Num(vm, p + 7, va, vb));
            AssertNormalized(vm, a * b, Num(vm, p + 9, va, vb));
            AssertNormalized(vm, a & b, Num(vm, p + 14, va, vb));
            AssertNormalized(vm, a | b, Num(vm, p + 15, va, vb));
            AssertNormalized(vm, a ^ b, Num(vm, p + 16, va, vb));
            var shift = rng.Next(-200, 200);
            AssertNormalized(vm, shift >= 0 ? a << shift : a >> -shift, Num(vm, p + 17, va, I(shift)));
            if (b.IsZero) continue;
            var q = BigInteger.DivRem(a, b, out var r);
            AssertNormalized(vm, q, Num(vm, p + 13, va, vb));
            AssertNormalized(vm, r, Num(vm, 20, va, vb));
            var floor = r.IsZero || r.Sign == b.Sign ? q : q - 1;
            AssertNormalized(vm, floor, Num(vm, p + 12, va, vb));
            AssertNormalized(vm, a - floor * b, Num(vm, p + 11, va, vb));
            if (r.IsZero) AssertNormalized(vm, q, Num(vm, p + 10, va, vb));
            else Fails(vm, p + 10, va, vb);

            // The plugin's magnitude operations, with the sign of the receiver or the flag.
            var sa = a.Sign < 0 ? -1 : 1;
            AssertNormalized(vm, sa * (BigInteger.Abs(a) + BigInteger.Abs(b)), Named(vm, "primDigitAdd", va, vb));
            AssertNormalized(vm, sa * (BigInteger.Abs(a) - BigInteger.Abs(b)), Named(vm, "primDigitSubtract", va, vb));
            AssertNormalized(vm, -BigInteger.Abs(a * b), Named(vm, "primDigitMultiplyNegative", va, vb, vm.Mem.TrueV));
            var pair = (PointersObject)Named(vm, "primDigitDivNegative", va, vb, vm.Mem.FalseV).Obj;
            Assert.Equal(BigInteger.Abs(a) / BigInteger.Abs(b), Big(vm, pair.Slots[0]));
            Assert.Equal(sa * (BigInteger.Abs(a) % BigInteger.Abs(b)), Big(vm, pair.Slots[1]));
        }
    }

    // ---------------------------------------------------------------- Float

    [Theory]
    [InlineData(Cuis, 40)]
    [InlineData(Squeak2, 40)]
    [InlineData(Pharo, 40)]
    [InlineData(Pharo, 540)]
    public void Float_arithmetic_with_float_or_SmallInteger_arguments(string image, int b)
    {
        var vm = Vm(image);
        var x = vm.Mem.Float(1.5);
        Assert.Equal(3.5, Dbl(vm, Num(vm, b + 1, x, I(2))));
        Assert.Equal(0.1 + 0.2, Dbl(vm, Num(vm, b + 1, vm.Mem.Float(0.1), vm.Mem.Float(0.2))));
        Assert.Equal(-0.5, Dbl(vm, Num(vm, b + 2, x, I(2))));
        Assert.Equal(4.5, Dbl(vm, Num(vm, b + 9, x, vm.Mem.Float(3))));
        Assert.Equal(0.75, Dbl(vm, Num(vm, b + 10, x, I(2))));
        Assert.Equal(vm.Mem.TrueV, Num(vm, b + 3, x, I(2)));
        Assert.Equal(vm.Mem.FalseV, Num(vm, b + 4, x, I(2)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, b + 5, x, vm.Mem.Float(1.5)));
        Assert.Equal(vm.Mem.FalseV, Num(vm, b + 6, x, vm.Mem.Float(1.6)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, b + 7, vm.Mem.Float(2.0), I(2)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, b + 8, x, I(2)));

        Fails(vm, b + 10, x, I(0));
        Fails(vm, b + 10, x, vm.Mem.Float(0.0));
        Fails(vm, b + 10, x, vm.Mem.Float(-0.0));
        Fails(vm, b + 1, x, vm.Mem.NilV);
        Fails(vm, b + 1, x, I(vm, BigInteger.One << 100));        // LargeInteger arguments are the image's job
        Fails(vm, b + 1, I(1), x);                                 // the receiver must be a Float
        Fails(vm, b + 3, x, vm.Mem.NilV);
    }

    [Theory]
    [InlineData(Cuis, 40)]
    [InlineData(Pharo, 540)]
    public void NaN_compares_unordered(string image, int b)
    {
        var vm = Vm(image);
        var nan = vm.Mem.Float(double.NaN);
        foreach (var p in new[] { 3, 4, 5, 6, 7 })
            Assert.Equal(vm.Mem.FalseV, Num(vm, b + p, nan, nan));
        Assert.Equal(vm.Mem.TrueV, Num(vm, b + 8, nan, nan));
        Assert.Equal(vm.Mem.FalseV, Num(vm, b + 7, nan, I(0)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, b + 8, nan, I(0)));
    }

    [Fact]
    public void Float_comparison_with_a_61_bit_SmallInteger_is_exact()
    {
        var vm = Vm(Pharo);
        var twoTo59 = 1L << 59;
        var f = vm.Mem.Float(twoTo59);                    // 2^59 exactly
        Assert.Equal(vm.Mem.FalseV, Num(vm, 547, f, I(twoTo59 + 1)));   // (double)(2^59+1) rounds to 2^59
        Assert.Equal(vm.Mem.TrueV, Num(vm, 543, f, I(twoTo59 + 1)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 544, f, I(twoTo59 - 1)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 547, f, I(twoTo59)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 548, f, I(twoTo59 - 1)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 544, vm.Mem.Float(1e300), I(vm.Mem.MaxSmallInt)));
        Assert.Equal(vm.Mem.TrueV, Num(vm, 543, vm.Mem.Float(double.NegativeInfinity), I(vm.Mem.MinSmallInt)));
    }

    [Theory]
    [InlineData(Cuis, 40)]
    [InlineData(Pharo, 540)]
    public void Truncated_answers_integers_up_to_64_bits(string image, int b)
    {
        var vm = Vm(image);
        Assert.Equal(I(3), Num(vm, b + 11, vm.Mem.Float(3.7)));
        Assert.Equal(I(-3), Num(vm, b + 11, vm.Mem.Float(-3.7)));
        AssertNormalized(vm, 1_000_000_000_000_000, Num(vm, b + 11, vm.Mem.Float(1e15)));
        AssertNormalized(vm, -(BigInteger.One << 62), Num(vm, b + 11, vm.Mem.Float(-Math.Pow(2, 62))));
        Fails(vm, b + 11, vm.Mem.Float(1e19));
        Fails(vm, b + 11, vm.Mem.Float(-1e19));
        Fails(vm, b + 11, vm.Mem.Float(double.NaN));
        Fails(vm, b + 11, vm.Mem.Float(double.PositiveInfinity));
    }

    [Theory]
    [InlineData(Cuis, 40)]
    [InlineData(Pharo, 40)]
    [InlineData(Pharo, 540)]
    public void Float_functions(string image, int b)
    {
        var vm = Vm(image);
        Assert.Equal(-0.5, Dbl(vm, Num(vm, b + 12, vm.Mem.Float(-1.5))));
        Assert.Equal(0.25, Dbl(vm, Num(vm, b + 12, vm.Mem.Float(3.25))));
        Assert.True(double.IsNegative(Dbl(vm, Num(vm, b + 12, vm.Mem.Float(-2.0)))));
        Assert.Equal(0.0, Dbl(vm, Num(vm, b + 12, vm.Mem.Float(double.PositiveInfinity))));

        Assert.Equal(I(0), Num(vm, b + 13, vm.Mem.Float(1.0)));
        Assert.Equal(I(-1), Num(vm, b + 13, vm.Mem.Float(0.5)));
        Assert.Equal(I(10), Num(vm, b + 13, vm.Mem.Float(-1500.0)));
        Assert.Equal(I(-1074), Num(vm, b + 13, vm.Mem.Float(double.Epsilon)));
        Assert.Equal(I(-1), Num(vm, b + 13, vm.Mem.Float(0.0)));

        Assert.Equal(12.0, Dbl(vm, Num(vm, b + 14, vm.Mem.Float(1.5), I(3))));
        Assert.Equal(0.375, Dbl(vm, Num(vm, b + 14, vm.Mem.Float(1.5), I(-2))));
        Assert.Equal(double.PositiveInfinity, Dbl(vm, Num(vm, b + 14, vm.Mem.Float(1.0), I(1L << 40))));
        Assert.Equal(double.Epsilon, Dbl(vm, Num(vm, b + 14, vm.Mem.Float(1.0), I(-1074))));
        Fails(vm, b + 14, vm.Mem.Float(1.0), vm.Mem.Float(2.0));

        Assert.Equal(Math.Sqrt(2), Dbl(vm, Num(vm, b + 15, vm.Mem.Float(2.0))));
        Fails(vm, b + 15, vm.Mem.Float(-1.0));
        Assert.Equal(Math.Sin(1.0), Dbl(vm, Num(vm, b + 16, vm.Mem.Float(1.0))));
        Assert.Equal(Math.PI / 4, Dbl(vm, Num(vm, b + 17, vm.Mem.Float(1.0))));
        Assert.Equal(1.0, Dbl(vm, Num(vm, b + 18, vm.Mem.Float(Math.E))));
        Assert.Equal(double.NegativeInfinity, Dbl(vm, Num(vm, b + 18, vm.Mem.Float(0.0))));
        Assert.Equal(Math.E, Dbl(vm, Num(vm, b + 19, vm.Mem.Float(1.0))));
    }

    [Fact]
    public void SmallFloat64_results_are_immediate_unless_out_of_range()
    {
        var vm = Vm(Pharo);
        var x = Value.SmallFloat(2.5);
        var sum = Num(vm, 541, x, Value.SmallFloat(0.25));
        Assert.True(sum.IsSmallFloat);
        Assert.Equal(2.75, sum.SmallFloatValue);
        var huge = Num(vm, 549, Value.SmallFloat(1e300), Value.SmallFloat(1e10));
        Assert.True(huge.IsObject);
        Assert.Equal(double.PositiveInfinity, Assert.IsType<FloatObject>(huge.Obj).Value);
        // A boxed receiver works for the SmallFloat64 numbers too, and a SmallFloat64 for the boxed ones.
        var boxedThree = new FloatObject(vm.Mem.ClassFloat, 1, 10, 3.0);
        var four = Num(vm, 541, boxedThree, I(1));
        Assert.True(four.IsSmallFloat);
        Assert.Equal(4.0, four.SmallFloatValue);
        Assert.Equal(double.PositiveInfinity, Dbl(vm, Num(vm, 41, huge, I(1))));
        Assert.Equal(5.0, Dbl(vm, Num(vm, 49, x, I(2))));
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Squeak2)]
    [InlineData(Pharo)]
    public void Float_words_high_word_first(string image)
    {
        var vm = Vm(image);
        var one = new FloatObject(vm.Mem.ClassFloat, 1, vm.Mem.IsSpur ? (byte)10 : (byte)6, 1.0);
        Assert.Equal(I(0x3FF00000), Num(vm, 38, one, I(1)));
        Assert.Equal(I(0), Num(vm, 38, one, I(2)));
        var minusTwo = new FloatObject(vm.Mem.ClassFloat, 1, vm.Mem.IsSpur ? (byte)10 : (byte)6, -2.0);
        AssertNormalized(vm, 0xC0000000L, Num(vm, 38, minusTwo, I(1)));      // a LargePositiveInteger on 32-bit images
        Fails(vm, 38, one, I(3));
        Fails(vm, 38, one, I(0));

        Assert.Equal(I(0x40000000), Num(vm, 39, one, I(1), I(0x40000000)));
        Assert.Equal(2.0, one.Value);
        var word = I(vm, 0xFFFFFFFFL);
        Assert.Equal(word, Num(vm, 39, one, I(2), word));
        Assert.Equal(BitConverter.Int64BitsToDouble(0x40000000FFFFFFFFL), one.Value);
        Fails(vm, 39, one, I(2), I(-1));
        Fails(vm, 39, one, I(2), I(vm, 0x100000000L));
        Fails(vm, 39, one, I(3), I(0));
        if (image == Pharo)
            Assert.Equal(I(0x3FF80000), Num(vm, 38, Value.SmallFloat(1.5), I(1)));
    }

    // ---------------------------------------------------------------- LargeIntegers plugin

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Pharo)]
    public void Digit_add_and_subtract_work_on_magnitudes(string image)
    {
        var vm = Vm(image);
        var p80 = BigInteger.Pow(2, 80);
        // digitAdd: |a| + |b| with the receiver's sign.
        AssertNormalized(vm, -(p80 + 5), Named(vm, "primDigitAdd", I(vm, -p80), I(-5)));
        AssertNormalized(vm, p80 + 5, Named(vm, "primDigitAdd", I(vm, p80), I(-5)));
        AssertNormalized(vm, -(p80 + 5), Named(vm, "primDigitAdd", I(-5), I(vm, p80)));
        Assert.Equal(I(7), Named(vm, "primDigitAdd", I(3), I(-4)));
        // digitSubtract: |a| - |b|, the sign flips when |b| is larger.
        AssertNormalized(vm, p80 - 5, Named(vm, "primDigitSubtract", I(vm, p80), I(5)));
        AssertNormalized(vm, -(p80 - 5), Named(vm, "primDigitSubtract", I(vm, -p80), I(-5)));
        AssertNormalized(vm, -(p80 - 5), Named(vm, "primDigitSubtract", I(5), I(vm, p80)));
        AssertNormalized(vm, p80 - 5, Named(vm, "primDigitSubtract", I(-5), I(vm, -p80)));
        Assert.Equal(I(0), Named(vm, "primDigitSubtract", I(vm, -p80), I(vm, p80)));
        // digitMultiply:neg: takes the sign from the flag.
        AssertNormalized(vm, -(p80 * p80), Named(vm, "primDigitMultiplyNegative", I(vm, p80), I(vm, p80), vm.Mem.TrueV));
        AssertNormalized(vm, p80 * 3, Named(vm, "primDigitMultiplyNegative", I(vm, -p80), I(-3), vm.Mem.FalseV));
        Assert.Equal(I(0), Named(vm, "primDigitMultiplyNegative", I(vm, -p80), I(0), vm.Mem.TrueV));
        NamedFails(vm, "primDigitMultiplyNegative", I(vm, p80), I(2), vm.Mem.NilV);
        NamedFails(vm, "primDigitAdd", I(vm, p80), vm.Mem.Float(1.0));
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Pharo)]
    public void DigitDiv_answers_unnormalized_quotient_and_remainder(string image)
    {
        var vm = Vm(image);
        var a = BigInteger.Pow(10, 40) + 12345;
        var b = BigInteger.Pow(10, 20) + 7;
        var r = Named(vm, "primDigitDivNegative", I(vm, -a), I(vm, b), vm.Mem.TrueV);
        var pair = Assert.IsType<PointersObject>(r.Obj);
        Assert.Same(vm.Mem.ClassArray, pair.Class);
        Assert.Equal(2, pair.Slots.Length);
        Assert.Equal(-(a / b), Big(vm, pair.Slots[0]));
        Assert.Equal(-(a % b), Big(vm, pair.Slots[1]));     // the remainder has the receiver's sign

        // A small quotient still comes back as a LargeInteger, for the image to normalize.
        var q = Named(vm, "primDigitDivNegative", I(vm, b * 3 + 1), I(vm, b), vm.Mem.FalseV);
        var quo = ((PointersObject)q.Obj).Slots[0];
        Assert.True(vm.Mem.IsLargeInteger(quo));
        Assert.Equal(3, Big(vm, quo));
        Assert.Equal(1, Big(vm, ((PointersObject)q.Obj).Slots[1]));

        // Fewer digits than the divisor: {0. receiver}.
        var small = I(vm, b);
        var s = Named(vm, "primDigitDivNegative", small, I(vm, a), vm.Mem.FalseV);
        Assert.Equal(I(0), ((PointersObject)s.Obj).Slots[0]);
        Assert.Equal(small, ((PointersObject)s.Obj).Slots[1]);

        // SmallInteger operands.
        var t = (PointersObject)Named(vm, "primDigitDivNegative", I(-100), I(7), vm.Mem.TrueV).Obj;
        Assert.Equal(-14, Big(vm, t.Slots[0]));
        Assert.Equal(-2, Big(vm, t.Slots[1]));

        NamedFails(vm, "primDigitDivNegative", I(vm, a), I(0), vm.Mem.FalseV);
        NamedFails(vm, "primDigitDivNegative", vm.Mem.NewBytes(vm.Mem.ClassLargePositiveInteger, [1, 2, 0]), I(3), vm.Mem.FalseV);
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Pharo)]
    public void DigitCompare_and_bit_logic(string image)
    {
        var vm = Vm(image);
        var p70 = BigInteger.Pow(2, 70);
        Assert.Equal(I(1), Named(vm, "primDigitCompare", I(vm, -p70 - 1), I(vm, p70)));    // magnitudes
        Assert.Equal(I(0), Named(vm, "primDigitCompare", I(vm, -p70), I(vm, p70)));
        Assert.Equal(I(-1), Named(vm, "primDigitCompare", I(vm, p70), I(vm, -p70 * 2)));
        Assert.Equal(I(-1), Named(vm, "primDigitCompare", I(-5), I(3)));                  // two SmallIntegers: values
        Assert.Equal(I(-1), Named(vm, "primDigitCompare", I(5), I(vm, -p70)));
        Assert.Equal(I(1), Named(vm, "primDigitCompare", I(vm, -p70), I(5)));

        var x = p70 + 0xFF;
        AssertNormalized(vm, x & 0x0F, Named(vm, "primDigitBitAnd", I(vm, x), I(0x0F)));
        AssertNormalized(vm, x | (p70 << 2), Named(vm, "primDigitBitOr", I(vm, x), I(vm, p70 << 2)));
        AssertNormalized(vm, 0xFF, Named(vm, "primDigitBitXor", I(vm, x), I(vm, p70)));
        NamedFails(vm, "primDigitBitAnd", I(vm, x), I(-1));
        NamedFails(vm, "primDigitBitOr", I(vm, -x), I(1));
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Pharo)]
    public void BitShiftMagnitude_and_anyBit(string image)
    {
        var vm = Vm(image);
        var left = Named(vm, "primDigitBitShiftMagnitude", I(-3), I(2));
        Assert.True(vm.Mem.IsLargeInteger(left));                                           // unnormalized, as the plugin answers
        Assert.Same(vm.Mem.ClassLargeNegativeInteger, left.Obj.Class);
        Assert.Equal(-12, Big(vm, left));
        AssertNormalized(vm, -(BigInteger.One << 130), Named(vm, "primDigitBitShiftMagnitude", I(vm, -(BigInteger.One << 100)), I(30)));
        // Right shifts shift the magnitude (no flooring) and normalize.
        AssertNormalized(vm, -((BigInteger.Pow(2, 100) + 1) >> 90), Named(vm, "primDigitBitShiftMagnitude", I(vm, -(BigInteger.Pow(2, 100) + 1)), I(-90)));
        Assert.Equal(I(0), Named(vm, "primDigitBitShiftMagnitude", I(vm, BigInteger.Pow(2, 100)), I(-101)));

        var v = I(vm, (BigInteger.One << 100) | 0b1000);
        Assert.Equal(vm.Mem.TrueV, Named(vm, "primAnyBitFromTo", v, I(1), I(4)));
        Assert.Equal(vm.Mem.FalseV, Named(vm, "primAnyBitFromTo", v, I(1), I(3)));
        Assert.Equal(vm.Mem.FalseV, Named(vm, "primAnyBitFromTo", v, I(5), I(100)));
        Assert.Equal(vm.Mem.TrueV, Named(vm, "primAnyBitFromTo", v, I(5), I(101)));
        Assert.Equal(vm.Mem.FalseV, Named(vm, "primAnyBitFromTo", v, I(102), I(500)));
        Assert.Equal(vm.Mem.TrueV, Named(vm, "primAnyBitFromTo", I(-8), I(4), I(4)));         // magnitude bits
        NamedFails(vm, "primAnyBitFromTo", v, I(0), I(4));
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Pharo)]
    public void Normalize_shortens_or_answers_a_SmallInteger(string image)
    {
        var vm = Vm(image);
        var pos = vm.Mem.NewBytes(vm.Mem.ClassLargePositiveInteger, [42, 0, 0, 0, 0, 0, 0, 0, 0]);
        Assert.Equal(I(42), Named(vm, "primNormalizePositive", pos));
        var neg = vm.Mem.NewBytes(vm.Mem.ClassLargeNegativeInteger, [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0]);
        var n = Named(vm, "primNormalizeNegative", neg);
        AssertNormalized(vm, -new BigInteger(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, isUnsigned: true), n);
        var already = I(vm, BigInteger.Pow(2, 100));
        Assert.Equal(already, Named(vm, "primNormalizePositive", already));
        NamedFails(vm, "primNormalizePositive", neg);
        NamedFails(vm, "primNormalizeNegative", I(3));
        // The smallest SmallInteger comes back from its LargeNegativeInteger form.
        var minMagnitude = -(BigInteger)vm.Mem.MinSmallInt;
        Assert.Equal(I(vm.Mem.MinSmallInt), Named(vm, "primNormalizeNegative", vm.Mem.NewBytes(vm.Mem.ClassLargeNegativeInteger, minMagnitude.ToByteArray(isUnsigned: true))));
    }

    [Fact]
    public void Module_queries()
    {
        var vm = Vm(Cuis);
        Assert.StartsWith("LargeIntegers", ObjectMemory.StringOf(Named(vm, "primGetModuleName", vm.Mem.NilV)));
        Assert.Equal(vm.Mem.TrueV, Named(vm, "primCheckIfCModuleExists", vm.Mem.NilV));
        Assert.Equal(I(LargeIntegersPlugin.MontgomeryDigitBits), Named(vm, "primMontgomeryDigitLength", I(1)));
    }

    [Theory]
    [InlineData(Cuis)]
    [InlineData(Pharo)]
    public void Montgomery_product_divides_by_256_to_the_modulus_length(string image)
    {
        var vm = Vm(image);
        var m = BigInteger.Pow(3, 101);                // odd
        var n = m.ToByteArray(isUnsigned: true).Length;
        var r = BigInteger.Pow(256, n);
        var m0 = (int)(m & 255);
        var inv = Enumerable.Range(1, 255).First(i => (m0 * i) % 256 == 1);
        var mInv = 256 - inv;                          // -m^-1 mod 256, as the image computes it
        var rng = new Random(7);
        for (var k = 0; k < 20; k++)
        {
            var x = RandomBelow(rng, m);
            var y = RandomBelow(rng, m);
            var p = Big(vm, Named(vm, "primMontgomeryTimesModulo", I(vm, x), I(vm, y), I(vm, m), I(mInv)));
            Assert.True(p >= 0 && p < m);
            Assert.Equal(x * y % m, p * r % m);
        }
        NamedFails(vm, "primMontgomeryTimesModulo", I(vm, m * m), I(3), I(vm, m), I(mInv));
        NamedFails(vm, "primMontgomeryTimesModulo", I(3), I(3), I(vm, m), I(256));
    }

    private static BigInteger RandomBelow(Random rng, BigInteger limit)
    {
        var bytes = limit.ToByteArray(isUnsigned: true);
        rng.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % limit;
    }

    [Fact]
    public void Every_arithmetic_primitive_the_images_call_is_registered()
    {
        foreach (var p in Enumerable.Range(1, 17).Concat(Enumerable.Range(20, 21)).Concat(Enumerable.Range(41, 19)).Concat(Enumerable.Range(541, 19)))
            Assert.NotNull(Table.Numbered(p));
        foreach (var name in new[] { "primDigitAdd", "primDigitSubtract", "primDigitMultiplyNegative", "primDigitDivNegative", "primDigitCompare",
                     "primDigitBitAnd", "primDigitBitOr", "primDigitBitXor", "primDigitBitShiftMagnitude", "primAnyBitFromTo",
                     "primNormalizePositive", "primNormalizeNegative", "primCheckIfCModuleExists", "primGetModuleName",
                     "primMontgomeryDigitLength", "primMontgomeryTimesModulo" })
            Assert.NotNull(Table.Named("LargeIntegers", name));
    }
}
