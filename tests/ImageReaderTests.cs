using ImageAot.Runtime.Image;
using ImageAot.Runtime.Inspection;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

public class ImageReaderTests
{
    [Theory]
    [InlineData("squeak2-mini.image", 6502, true, 17_692)]
    [InlineData("squeakjs-benchmark.image", 6502, true, 17_041)]
    [InlineData("squeak2.2-bigendian.image", 6502, false, 70_200)]
    [InlineData("m5squeak-trailing-bytes.image", 6502, true, 15_945)]
    [InlineData("bootstrapped-closures.image", 6505, true, 2_525)]
    [InlineData("cuis4.1-reduced.image", 6504, true, 71_890)]
    [InlineData("cuis5.0-spur32.image", 6521, true, 80_761)]
    [InlineData("squeakjs-headless-spur32.image", 6521, true, 2_443)]
    [InlineData("pharo8-kernel-spur64.image", 68021, true, 29_895)]
    public void Every_real_image_loads_with_its_format_byte_order_and_object_count(string name, int format, bool little, int objects)
    {
        var image = TestImages.Shared(name);
        Assert.Equal(format, image.Format.Number);
        Assert.Equal(little, image.LittleEndian);
        Assert.Equal(objects, image.Objects.Count);
        Assert.Equal(format >= 68000 ? 8 : 4, image.WordSize);
    }

    [Theory]
    [MemberData(nameof(TestImages.AllNames), MemberType = typeof(TestImages))]
    public void Nil_true_false_and_every_class_pointer_are_real_objects(string name)
    {
        var image = TestImages.Shared(name);
        Assert.NotSame(image.Nil, image.True);
        Assert.NotSame(image.True, image.False);
        Assert.Same(image.Nil.Class, ((PointersObject)image.Nil).Class);
        foreach (var o in image.Objects)
        {
            Assert.NotNull(o.Class);
            Assert.IsNotType<ImmediateTag>(o.Class);
        }
    }

    [Fact]
    public void Trailing_bytes_after_the_heap_are_ignored()
    {
        Assert.Equal(500, TestImages.Shared("m5squeak-trailing-bytes.image").TrailingBytes);
        Assert.Equal(0, TestImages.Shared("squeak2-mini.image").TrailingBytes);
    }

    [Theory]
    [InlineData("squeak2-mini.image")]
    [InlineData("squeak2.2-bigendian.image")]
    [InlineData("cuis4.1-reduced.image")]
    [InlineData("cuis5.0-spur32.image")]
    [InlineData("bootstrapped-closures.image")]
    public void Boxed_floats_decode_in_the_right_word_order(string name)
    {
        // Float class>>initialize stores Pi in a class variable: it only reads back as pi
        // when the two words of the boxed float were put together the right way round.
        var floats = TestImages.Shared(name).Objects.OfType<FloatObject>().Select(f => f.Value).ToList();
        Assert.Contains(Math.PI, floats);
    }

    [Fact]
    public void SmallFloat64_immediates_decode_in_64_bit_Spur()
    {
        var image = TestImages.Shared("pharo8-kernel-spur64.image");
        var smallFloats = image.Objects.SelectMany(Values).Where(v => v.IsSmallFloat).Select(v => v.SmallFloatValue).ToList();
        Assert.Contains(Math.PI, smallFloats);
    }

    [Fact]
    public void SmallFloat64_encoding_round_trips()
    {
        foreach (var d in new[] { 0.0, -0.0, 1.0, -2.5, Math.PI, 1e300, -1e-300, 3.0e38 })
        {
            if (!SmallFloat64.CanEncode(d)) continue;
            Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(SmallFloat64.Decode(SmallFloat64.Encode(d))));
        }
        Assert.True(SmallFloat64.CanEncode(Math.PI));
        Assert.False(SmallFloat64.CanEncode(double.MaxValue));
    }

    [Fact]
    public void Spur_characters_are_immediates_and_V3_characters_are_objects()
    {
        var spur = TestImages.Shared("cuis5.0-spur32.image");
        Assert.Contains(spur.Objects.SelectMany(Values), v => v.IsChar && v.CharValue == 'a');
        var v3 = TestImages.Shared("squeak2-mini.image");
        Assert.DoesNotContain(v3.Objects.SelectMany(Values), v => v.IsChar);
        var table = (PointersObject)v3.Special(SpecialObjectIndex.CharacterTable).Obj;
        Assert.Equal(256, table.Slots.Length);
        Assert.All(table.Slots, c => Assert.True(c.IsObject));
    }

    [Fact]
    public void Identity_hashes_are_kept()
    {
        var image = TestImages.Shared("cuis5.0-spur32.image");
        // In Spur a class's identity hash is its index in the class table.
        foreach (var (index, cls) in image.ClassTable)
            if (index >= 32 && index != 3) Assert.Equal(index, cls.Hash);
        Assert.Contains(TestImages.Shared("squeak2-mini.image").Objects, o => o.Hash != 0);
    }

    [Theory]
    [MemberData(nameof(TestImages.AllNames), MemberType = typeof(TestImages))]
    public void Method_bytes_follow_the_literals(string name)
    {
        var image = TestImages.Shared(name);
        var methods = image.Objects.OfType<CompiledMethodObject>().ToList();
        Assert.NotEmpty(methods);
        foreach (var m in methods)
        {
            Assert.True(m.Header.IsSmallInt);
            Assert.Equal(image.HeaderOf(m).NumLiterals, m.Literals.Length);
        }
        // Every image answers printString somewhere; its selector must be a literal of some method.
        var names = new ClassNames(image);
        Assert.Contains(methods.SelectMany(m => m.Literals), l => names.IsSymbol(l) && ClassNames.SymbolText(l) == "printString");
    }

    internal static IEnumerable<Value> Values(SqObject o) => o switch
    {
        PointersObject p => p.Slots,
        CompiledMethodObject m => m.Literals,
        _ => [],
    };
}
