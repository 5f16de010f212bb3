using ImageAot.Recompiler.Decoding;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

/// <summary>The recompiler's decoder reads every method of every image: all bytecode sets, every block, trailers left alone.</summary>
public class BytecodeDecodingTests
{
    [Theory]
    [MemberData(nameof(TestImages.AllNames), MemberType = typeof(TestImages))]
    public void Every_method_of_every_image_decodes(string name)
    {
        var image = TestImages.Shared(name);
        var methods = image.Objects.OfType<CompiledMethodObject>().ToList();
        var failures = new List<string>();
        var blocks = 0;
        foreach (var m in methods)
        {
            try
            {
                var d = DecodedMethod.Decode(m, image.Format);
                Assert.True(d.End <= m.Bytes.Length);
                if (!DecodedMethod.IsQuick(m, image.Format)) Assert.Contains(0, d.EntryPoints);
                blocks += d.BlockStarts.Count;
            }
            catch (DecodeException e) { failures.Add($"{e.Message} [prim {image.HeaderOf(m).PrimitiveIndexV3} spurprim {image.HeaderOf(m).HasPrimitive} bytes {string.Join(' ', m.Bytes)}]"); }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {methods.Count} methods failed to decode, e.g. {string.Join(" | ", failures.Take(6))}");
        Assert.True(methods.Count > 100);
        if (name != "pharo8-kernel-spur64.image") Assert.True(blocks > 0);
    }

    [Fact]
    public void Blue_Book_block_bodies_start_after_the_jump_that_follows_blockCopy()
    {
        // push thisContext, push 0, blockCopy:, jump +2 over [push 7, blockReturn], return top
        byte[] code = [137, 117, 200, 164, 2, 32, 125, 124];
        var d = DecodedMethod.Decode(code, BytecodeSet.BlueBook);
        Assert.Equal([5], d.BlockStarts);
        Assert.Equal(8, d.End);
        Assert.Contains(3, d.EntryPoints);   // after the blockCopy: send
    }

    [Fact]
    public void Closure_bodies_and_continuations_are_entry_points_and_trailers_are_not_code()
    {
        // pushClosure (0 args, 0 copied, size 2) [push 1, blockReturn], send value, return top, then trailer bytes
        byte[] code = [143, 0, 0, 2, 118, 125, 201, 124, 0xFF, 0x07];
        var d = DecodedMethod.Decode(code, BytecodeSet.V3PlusClosures);
        Assert.Equal([4], d.BlockStarts);
        Assert.Equal(8, d.End);
        Assert.Equal([0, 4, 6, 7], d.EntryPoints);
    }

    [Fact]
    public void Sista_extensions_fold_into_the_instruction_they_extend()
    {
        // extB -1, jump -4 (a backward jump to pc 0) after push 1 / pop
        byte[] code = [0x51, 0xD8, 0xE1, 0xFF, 0xED, 0xFC];
        var d = DecodedMethod.Decode(code, BytecodeSet.SistaV1);
        var jump = d.Instructions.Single(i => i.Op == Op.Jump);
        Assert.Equal(2, jump.Pc);
        Assert.Equal(4, jump.Length);
        Assert.Equal(6 - 256 + 0xFC, jump.Target);
    }

    [Fact]
    public void A_jump_outside_the_method_is_a_decode_error() =>
        Assert.Throws<DecodeException>(() => DecodedMethod.Decode([144 + 7], BytecodeSet.V3PlusClosures));
}

public class BodyKeyTests
{
    [Fact]
    public void Identical_methods_share_a_key_and_different_ones_do_not()
    {
        var image = TestImages.Shared("cuis5.0-spur32.image");
        var keys = new Dictionary<BodyKey, CompiledMethodObject>();
        var shared = 0;
        foreach (var m in image.Objects.OfType<CompiledMethodObject>())
        {
            var key = BodyKey.Of(m, DecodedMethod.Decode(m, image.Format));
            if (keys.TryGetValue(key, out var other))
            {
                shared++;
                Assert.Equal(other.Header, m.Header);
                Assert.Equal(other.Literals.Length, m.Literals.Length);
            }
            else keys[key] = m;
        }
        Assert.True(shared > 0, "some methods of a real image have identical bodies (e.g. accessors in different classes)");
        Assert.True(keys.Count > 1000);
    }

    [Fact]
    public void The_trailer_does_not_change_the_key()
    {
        var image = TestImages.Shared("squeak2-mini.image");
        var m = image.Objects.OfType<CompiledMethodObject>().First(x => DecodedMethod.Decode(x, image.Format).End is > 0 and var e && e < x.Bytes.Length);
        var d = DecodedMethod.Decode(m, image.Format);
        var copy = new CompiledMethodObject(m.Class, 0, m.Format, m.Header, m.Literals, [.. m.Bytes.AsSpan(0, d.End), 1, 2, 3, 4]);
        Assert.Equal(BodyKey.Of(m, d), BodyKey.Of(copy, DecodedMethod.Decode(copy, image.Format)));
    }
}
