using ImageAot.Runtime.Bytecodes;
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

public class StackAnalysisTests
{
    private static string Describe(ImageAot.Runtime.Image.SqueakImage image, CompiledMethodObject m)
    {
        var names = new ImageAot.Runtime.Inspection.ClassNames(image);
        var dir = new ImageAot.Runtime.Inspection.MethodDirectory(image, names);
        var where = dir.Owners.TryGetValue(m, out var o) ? $"{names.NameOf(o.Class)}>>{o.Selector}" : "?";
        return where + " [" + string.Join(" ", m.Bytes) + "]";
    }

    /// <summary>Methods of Squeak 2.2 whose stack really is unbalanced (a loop leaves values behind, or branches disagree).</summary>
    private static readonly string[] KnownUnbalanced =
        ["WarpBlt class>>test1", "WarpBlt class>>test5", "WarpBlt class>>test12", "PWS>>objectsInField:"];

    [Theory]
    [MemberData(nameof(TestImages.AllNames), MemberType = typeof(TestImages))]
    public void Every_activation_has_one_depth_per_pc_and_the_interpreter_frame_holds_it(string name)
    {
        var image = TestImages.Shared(name);
        var unbalanced = new List<string>();
        var analyzed = 0;
        foreach (var m in image.Objects.OfType<CompiledMethodObject>())
        {
            if (DecodedMethod.IsQuick(m, image.Format)) continue;
            var decoded = DecodedMethod.Decode(m, image.Format);
            try
            {
                var a = StackAnalysis.Of(m, decoded, image.Format);
                Assert.Equal(decoded.Instructions.Count, a.DepthAt.Count);
                // The interpreter sizes frames from the header, or from this analysis when the header is too small.
                if (new ImageAot.Runtime.Execution.MethodInfo(m, image.Format).FrameSize < a.MaxDepth)
                    Assert.Fail($"frame too small for {Describe(image, m)}");
                analyzed++;
            }
            catch (DecodeException) { unbalanced.Add(Describe(image, m).Split(" [")[0]); }
        }
        Assert.Equal(name == "squeak2.2-bigendian.image" ? KnownUnbalanced.Order() : [], unbalanced.Order());
        Assert.True(analyzed > 100);
    }

    [Fact]
    public void A_method_deeper_than_its_header_frame_runs_in_a_frame_that_fits() =>
        // LedDigitMorph class>>initialize pushes 99 values in a method flagged for a 56-slot frame.
        Assert.Equal("3", SmalltalkSession.Print("squeak2.2-bigendian.image", "LedDigitMorph initialize. 3"));

    [Fact]
    public void Depths_follow_sends_jumps_and_closures()
    {
        // push 3, push 4, send + (special), pushClosure 1 arg 0 copied [push temp 0, blockReturn], pop, return top
        byte[] code = [34, 35, 176, 143, 1, 0, 2, 16, 125, 135, 124];
        var d = DecodedMethod.Decode(code, BytecodeSet.V3PlusClosures);
        var a = StackAnalysis.Of(d, initialDepth: 0);
        Assert.Equal(0, a.DepthAt[0]);
        Assert.Equal(2, a.DepthAt[2]);      // before +
        Assert.Equal(1, a.DepthAt[3]);      // after +, before pushClosure
        Assert.Equal(1, a.DepthAt[7]);      // block body starts with its argument
        Assert.Equal(2, a.DepthAt[9]);      // closure pushed
        Assert.Equal(1, a.DepthAt[10]);     // popped, before return top
        Assert.Equal(2, a.MaxDepth);
    }
}
