using System.Text;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Plugins;
using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>ScratchPlugin's primitives called directly on a scratch stack, with Scratch's argument order.</summary>
public sealed class ScratchPluginTests
{
    private const uint Opaque = 0xFF000000;
    private const uint White = 0xFFFFFFFF, Red = 0xFFFF0000, Green = 0xFF00FF00, Blue = 0xFF0000FF;

    private static readonly PrimitiveTable Table = PrimitiveTable.CreateStandard();

    private static Interpreter Vm() => Interpreter.ForPrimitiveTests(TestImages.Shared("cuis5.0-spur32.image"));

    private static Primitive Named(string name) =>
        Table.Named(ScratchPlugin.Module, name) ?? throw new InvalidOperationException($"{name} is not registered");

    private static readonly Value Receiver = Value.SmallInt(0);

    /// <summary>Runs a primitive on receiver + arguments; on failure checks the stack is untouched. Answers the result or null.</summary>
    private static Value? Call(Interpreter vm, string name, params Value[] args) => PrimitiveCall.Run(vm, Named(name), Receiver, args);

    private static void Ok(Interpreter vm, string name, params Value[] args) => Assert.NotNull(Call(vm, name, args));
    private static void Fails(Interpreter vm, string name, params Value[] args) => Assert.Null(Call(vm, name, args));

    private static WordsObject Bits(Interpreter vm, params uint[] words)
    {
        var w = (WordsObject)vm.Mem.Instantiate(vm.Mem.ClassBitmap!, words.Length)!;
        words.CopyTo(w.Words, 0);
        return w;
    }

    private static WordsObject Filled(Interpreter vm, int count, uint pixel) => Bits(vm, Enumerable.Repeat(pixel, count).ToArray());

    private static Value I(long v) => Value.SmallInt(v);

    private static (int R, int G, int B) Rgb(uint p) => ((int)(p >> 16) & 255, (int)(p >> 8) & 255, (int)p & 255);

    [Fact]
    public void BrightnessShiftDarkensAndBrightensAKnownColour()
    {
        var vm = Vm();
        var input = Bits(vm, 0xFF808080, 0xFF804020, 0);
        var darker = Bits(vm, 0, 0, 0x12345678);
        Ok(vm, "primitiveBrightnessShift", input, darker, I(-20));
        // 0x80 is brightness 501/1000; minus 200 is 301 -> 76.
        Assert.Equal(0xFF4C4C4Cu, darker.Words[0]);
        var (r, g, b) = Rgb(darker.Words[1]);
        Assert.True(r < 0x80 && g < 0x40 && b < 0x20 && r > g && g > b, $"{darker.Words[1]:X8}");
        Assert.Equal(0x12345678u, darker.Words[2]); // transparent input: output left alone

        var brighter = Bits(vm, 0, 0, 0);
        Ok(vm, "primitiveBrightnessShift", input, brighter, I(100));
        Assert.Equal(0xFFFEFEFEu, brighter.Words[0]);
    }

    [Fact]
    public void HueShiftOfRedBy120IsGreenAndBy240IsBlue()
    {
        var vm = Vm();
        var input = Bits(vm, Red, 0);
        var output = Bits(vm, 0, 0);
        Ok(vm, "primitiveHueShift", input, output, I(120));
        Assert.Equal(0xFF00FE00u, output.Words[0]);
        Assert.Equal(0u, output.Words[1]);
        Ok(vm, "primitiveHueShift", input, output, I(-120));
        Assert.Equal(0xFF0000FEu, output.Words[0]);
        var one = Bits(vm, 0);
        Ok(vm, "primitiveHueShift", Bits(vm, Green), one, I(360 * 5));
        Assert.Equal((0, 254, 0), Rgb(one.Words[0]));
    }

    [Fact]
    public void HueShiftGivesColourToGreyAndBlack()
    {
        var vm = Vm();
        var output = Bits(vm, 0, 0);
        Ok(vm, "primitiveHueShift", Bits(vm, 0xFF808080, Opaque | 1), output, I(0));
        var (r, g, b) = Rgb(output.Words[0]);
        Assert.True(r > g && g == b, $"{output.Words[0]:X8}");
        Assert.NotEqual(0u, output.Words[1] & 0xFFFFFF);
    }

    [Fact]
    public void SaturationShiftToZeroGivesGreyAndLeavesGreyAlone()
    {
        var vm = Vm();
        var output = Bits(vm, 0, 7);
        Ok(vm, "primitiveSaturationShift", Bits(vm, 0xFFFF8000, 0xFF808080), output, I(-100));
        var (r, g, b) = Rgb(output.Words[0]);
        Assert.True(r == g && g == b && r >= 250, $"{output.Words[0]:X8}");
        Assert.Equal(7u, output.Words[1]);
    }

    [Fact]
    public void BlurSpreadsASingleWhitePixelOverItsNeighbours()
    {
        var vm = Vm();
        var pixels = Enumerable.Repeat(Opaque | 0x000001u, 25).ToArray();
        pixels[12] = White; // centre of 5x5
        var output = Filled(vm, 25, 0xDEADBEEF);
        Ok(vm, "primitiveBlur", Bits(vm, pixels), output, I(5));
        // Every inner pixel sees the white one: 255 / 9 = 28 per channel, blue (255 + 8) / 9 = 29.
        foreach (var i in new[] { 6, 7, 8, 11, 12, 13, 16, 17, 18 })
            Assert.Equal(Opaque | 0x1C1C1D, output.Words[i]);
        Assert.Equal(0xDEADBEEFu, output.Words[0]); // the border is not written
    }

    [Fact]
    public void BlurIgnoresTransparentNeighbours()
    {
        var vm = Vm();
        var pixels = new uint[9];
        pixels[4] = Red;
        var output = Filled(vm, 9, 0);
        Ok(vm, "primitiveBlur", Bits(vm, pixels), output, I(3));
        Assert.Equal(Red, output.Words[4]);
    }

    [Fact]
    public void HalfSizeAverageAveragesEach2x2Block()
    {
        var vm = Vm();
        // 4x2 input: blocks (red, green / blue, white) and four greys.
        var input = Bits(vm, Red, Green, 0xFF101010, 0xFF101010, Blue, White, 0xFF303030, 0xFF303030);
        var output = Filled(vm, 2, 0);
        Ok(vm, "primitiveHalfSizeAverage", input, I(4), I(2), output, I(2), I(1), I(0), I(0), I(0), I(0), I(2), I(1));
        Assert.Equal(0xFF7F7F7Fu, output.Words[0]); // (255+0+0+255)/4 per channel
        Assert.Equal(0xFF202020u, output.Words[1]);
    }

    [Fact]
    public void HalfSizeDiagonalAveragesTopLeftAndBottomRight()
    {
        var vm = Vm();
        var input = Bits(vm, Red, Green, Blue, 0xFF0000FF);
        var output = Filled(vm, 1, 0);
        Ok(vm, "primitiveHalfSizeDiagonal", input, I(2), I(2), output, I(1), I(1), I(0), I(0), I(0), I(0), I(1), I(1));
        Assert.Equal(0xFF7F007Fu, output.Words[0]);
    }

    [Fact]
    public void HalfSizeFailsWhenTheSourceBlockLeavesTheForm()
    {
        var vm = Vm();
        var input = Filled(vm, 4, Red);
        var output = Filled(vm, 1, 0);
        Fails(vm, "primitiveHalfSizeAverage", input, I(2), I(2), output, I(1), I(1), I(1), I(0), I(0), I(0), I(1), I(1));
        Fails(vm, "primitiveHalfSizeAverage", input, I(2), I(2), output, I(1), I(1), I(0), I(0), I(0), I(0), I(2), I(1));
        Fails(vm, "primitiveHalfSizeAverage", input, I(3), I(2), output, I(1), I(1), I(0), I(0), I(0), I(0), I(1), I(1));
    }

    [Fact]
    public void DoubleSizeWritesEachPixelAsA2x2Block()
    {
        var vm = Vm();
        var output = Filled(vm, 5 * 3, 0);
        Ok(vm, "primitiveDoubleSize", Bits(vm, Red, Blue), I(2), I(1), output, I(5), I(3), I(1), I(1));
        uint[] expected =
        [
            0, 0, 0, 0, 0,
            0, Red, Red, Blue, Blue,
            0, Red, Red, Blue, Blue,
        ];
        Assert.Equal(expected, output.Words);
        Fails(vm, "primitiveDoubleSize", Bits(vm, Red, Blue), I(2), I(1), output, I(5), I(3), I(2), I(1));
    }

    [Fact]
    public void FisheyeAtPower100AndWhirlAtZeroLeaveTheImageUnchanged()
    {
        var vm = Vm();
        const int w = 9, h = 7;
        var pixels = Enumerable.Range(0, w * h).Select(i => Opaque | (uint)(i * 0x030507 + 1)).ToArray();
        var fish = Filled(vm, w * h, 0);
        Ok(vm, "primitiveFisheye", Bits(vm, pixels), fish, I(w), I(100));
        Assert.Equal(pixels, fish.Words);
        var whirl = Bits(vm, pixels);
        Array.Clear(whirl.Words, 0, 3 * w); // whirl writes only inside its circle; check it restores what it writes
        Ok(vm, "primitiveWhirl", Bits(vm, pixels), whirl, I(w), I(0));
        for (var i = 3 * w; i < w * h; i++) Assert.Equal(pixels[i], whirl.Words[i]);
        Assert.Equal(pixels[w + 4], whirl.Words[w + 4]); // inside the circle, in a cleared row
    }

    [Fact]
    public void FisheyeAndWhirlMovePixels()
    {
        var vm = Vm();
        const int w = 16, h = 16;
        var pixels = Enumerable.Range(0, w * h).Select(i => Opaque | (uint)((i % w) * 16 << 16 | (i / w) * 16)).ToArray();
        var fish = Filled(vm, w * h, 0);
        Ok(vm, "primitiveFisheye", Bits(vm, pixels), fish, I(w), I(200));
        Assert.NotEqual(pixels, fish.Words);
        Assert.Equal(pixels[8 * w + 8], fish.Words[8 * w + 8]); // the centre stays
        var whirl = Bits(vm, pixels);
        Ok(vm, "primitiveWhirl", Bits(vm, pixels), whirl, I(w), I(90));
        Assert.NotEqual(pixels[5 * w + 8], whirl.Words[5 * w + 8]);
        Assert.Equal(pixels[0], whirl.Words[0]); // corner outside the circle
    }

    [Fact]
    public void InterpolateAnswersTheBlendBetweenPixels()
    {
        var vm = Vm();
        var bits = Bits(vm, Opaque | 0x000000FE, Opaque | 0x00FE0000);
        Assert.Equal(I(0xFE), Call(vm, "primitiveInterpolate", bits, I(2), I(0), I(0)));
        Assert.Equal(I(0x7F007F), Call(vm, "primitiveInterpolate", bits, I(2), I(512), I(0)));
        Assert.Equal(I(0), Call(vm, "primitiveInterpolate", bits, I(2), I(5 * 1024), I(0)));
        Fails(vm, "primitiveInterpolate", bits, I(0), I(0), I(0));
    }

    [Fact]
    public void ScaleDoublesAndHalvesAForm()
    {
        var vm = Vm();
        var output = Filled(vm, 16, 0);
        Ok(vm, "primitiveScale", Filled(vm, 4, Red), I(2), I(2), output, I(4), I(4));
        Assert.All(output.Words, p => Assert.Equal((255, 0, 0), Rgb(p)));
        var half = Filled(vm, 1, 0);
        Ok(vm, "primitiveScale", Bits(vm, 0, 0, 0, 0), I(2), I(2), half, I(1), I(1));
        Assert.Equal(0u, half.Words[0]);
        Fails(vm, "primitiveScale", Filled(vm, 3, Red), I(2), I(2), output, I(4), I(4));
    }

    [Fact]
    public void WaterRipplesKeepThePixelsOnAStillSurface()
    {
        var vm = Vm();
        const int w = 8, h = 8;
        var pixels = Enumerable.Range(0, w * h).Select(i => Opaque | (uint)i + 1).ToArray();
        var output = Filled(vm, w * h, 0);
        var a = vm.Mem.NewBytes(vm.Mem.ClassByteArray, new byte[w * h * 8]);
        var b = vm.Mem.NewBytes(vm.Mem.ClassByteArray, new byte[w * h * 8]);
        Ok(vm, "primitiveWaterRipples1", Bits(vm, pixels), output, I(w), I(0), a, b);
        Assert.Equal(pixels, output.Words); // no drops, flat fields: nothing moves
        Ok(vm, "primitiveWaterRipples1", Bits(vm, pixels), output, I(w), I(20), a, b);
        Assert.All(output.Words, p => Assert.Contains(p, pixels));
        Fails(vm, "primitiveWaterRipples1", Bits(vm, pixels), output, I(w), I(5), a, vm.Mem.NewBytes(vm.Mem.ClassByteArray, new byte[8]));
    }

    [Fact]
    public void EffectsFailOnWrongArguments()
    {
        var vm = Vm();
        var four = Filled(vm, 4, Red);
        var three = Filled(vm, 3, Red);
        Fails(vm, "primitiveHueShift", four, three, I(10));
        Fails(vm, "primitiveHueShift", four, vm.Mem.NewString("abcd"), I(10));
        Fails(vm, "primitiveBrightnessShift", four, four, vm.Mem.NilV);
        Fails(vm, "primitiveBlur", four, Filled(vm, 4, 0), I(0));
        Fails(vm, "primitiveFisheye", four, Filled(vm, 4, 0), I(-2), I(100));
        Fails(vm, "primitiveWhirl", I(3), Filled(vm, 4, 0), I(2), I(100));
        Assert.Null(Named("primitiveSaturationShift")(vm, 2) ? (Value?)Value.SmallInt(0) : null); // wrong argument count
    }

    [Fact]
    public void CondenseSoundKeepsThePeakOfEachRun()
    {
        var vm = Vm();
        // Samples 100, -300, 5, 7 (little-endian 16-bit pairs in words).
        const uint minus300 = 0x10000 - 300;
        var src = Bits(vm, 100u | (minus300 << 16), 5u | (7u << 16));
        var dst = Bits(vm, 0);
        Ok(vm, "primitiveCondenseSound", src, dst, I(2));
        Assert.Equal(300u | (7u << 16), dst.Words[0]);
        Ok(vm, "primitiveExtractChannel", src, dst, vm.Mem.TrueV);
        Assert.Equal(minus300 | (7u << 16), dst.Words[0]);
    }

    [Fact]
    public void IsHiddenMeansTheNameStartsWithADot()
    {
        var vm = Vm();
        Assert.Equal(vm.Mem.TrueV, Call(vm, "primitiveIsHidden", vm.Mem.NewString("/home/u/.config")));
        Assert.Equal(vm.Mem.TrueV, Call(vm, "primitiveIsHidden", vm.Mem.NewString(".hidden/")));
        Assert.Equal(vm.Mem.FalseV, Call(vm, "primitiveIsHidden", vm.Mem.NewString("/home/u.x/Projects")));
        Fails(vm, "primitiveIsHidden", I(3));
    }

    [Fact]
    public void FolderPathsAreUnderHomeAndUnknownIdsFail()
    {
        var vm = Vm();
        var home = ScratchPlugin.FolderPath(1)!;
        Assert.Equal(home, ObjectMemory.StringOf(Call(vm, "primitiveGetFolderPath", I(1))!.Value));
        Assert.Equal(Path.Combine(home, "Documents"), ObjectMemory.StringOf(Call(vm, "primitiveGetFolderPath", I(3))!.Value));
        Assert.Equal(Path.Combine(home, "Desktop"), ObjectMemory.StringOf(Call(vm, "primitiveGetFolderPath", I(2))!.Value));
        Fails(vm, "primitiveGetFolderPath", I(0));
        Fails(vm, "primitiveGetFolderPath", I(42));
        Fails(vm, "primitiveGetFolderPath", vm.Mem.NewString("1"));
    }

    [Fact]
    public void PathTitleAndPasteBufferPrimitives()
    {
        var vm = Vm();
        var path = vm.Mem.NewString("/tmp/Some Project.sb");
        var answer = Call(vm, "primitiveShortToLongPath", path)!.Value;
        Assert.Equal("/tmp/Some Project.sb", ObjectMemory.StringOf(answer));

        Ok(vm, "primitiveSetWindowTitle", vm.Mem.NewString("Scratch 1.4"));
        Assert.Equal("Scratch 1.4", vm.Screen.Title);
        Fails(vm, "primitiveSetWindowTitle", I(1));

        Ok(vm, "primitiveSetUnicodePasteBuffer", vm.Mem.NewBytes(vm.Mem.ClassByteArray, Encoding.Unicode.GetBytes("héllo\0")));
        Assert.Equal("héllo", vm.Screen.PrivateClipboard);

        // Headless: there is nobody to show a browser to, so the URL is refused rather than opened.
        Fails(vm, "primitiveOpenURL", vm.Mem.NewString("http://scratch.mit.edu"));
        Fails(vm, "primitiveOpenURL", I(5));
    }

    [Fact]
    public void SerialPortsAreNotProvided()
    {
        foreach (var name in new[] { "primPortCount", "primOpenPortNamed", "primRead", "primWrite", "primClose" })
            Assert.Null(Table.Named(ScratchPlugin.Module, name));
    }
}
