using System.Runtime.InteropServices;
using System.Text;
using ImageAot.Runtime.Text;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Our text engine beside the one squeakvm runs Scratch with: Debian's so.UnicodePlugin (Pango
/// and cairo) exports its C entry points, which need no interpreter, so this test loads it and
/// asks both the same questions: extents and x-ranges of Scratch's labels in Scratch's fonts,
/// antialiased or not, the pixels of monochrome text (Scratch's rendering on Linux) exactly,
/// and those of antialiased text within a few levels.
/// </summary>
public sealed class UnicodePluginReferenceTests
{
    private const string ReferencePlugin = "/usr/lib/squeak/4.10.2.2614+20120917~dfsg/so.UnicodePlugin";

    private delegate void SetFontFn(byte[] name, int size, int bold, int italic, int antialias);
    private delegate void SetColorsFn(int fr, int fg, int fb, int br, int bg, int bb, int map);
    private delegate void MeasureFn(byte[] utf8, int length, out int w, out int h);
    private delegate int XRangesFn(byte[] utf8, int length, int[] result, int resultLength);
    private delegate void DrawFn(byte[] utf8, int length, ref int w, ref int h, uint[] bits);

    private sealed class Reference
    {
        public readonly SetFontFn SetFont;
        public readonly SetColorsFn SetColors;
        public readonly MeasureFn Measure;
        public readonly XRangesFn XRanges;
        public readonly DrawFn Draw;

        public Reference(IntPtr lib)
        {
            T Get<T>(string name) => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(lib, name));
            SetFont = Get<SetFontFn>("unicodeSetFont");
            SetColors = Get<SetColorsFn>("unicodeSetColors");
            Measure = Get<MeasureFn>("unicodeMeasureString");
            XRanges = Get<XRangesFn>("unicodeGetXRanges");
            Draw = Get<DrawFn>("unicodeDrawString");
        }
    }

    private static Reference Load()
    {
        Assert.True(File.Exists(ReferencePlugin), $"{ReferencePlugin} is missing: scripts/setup.sh installs squeak-vm");
        return new Reference(NativeLibrary.Load(ReferencePlugin));
    }

    private static readonly string[] Labels =
    [
        "Motion", "move", "steps", "turn", "degrees", "point in direction", "go to x:", "if on edge, bounce",
        "x position", "Sprite1", "Scripts", "Costumes", "Sounds", "New sprite:", "direction:", "To move", "AVAWAY jg Ta",
        "é ü ñ ç", "Wgjpq_", "abc العربية 123", "אני יכול 42", "",
    ];

    /// <summary>The fonts Scratch asks for at start-up (Verdana, VerdanaBold; Times becomes Comic one size up) and a few more.</summary>
    private static readonly (string Family, int Size, bool Bold)[] Fonts =
        [("Verdana", 10, false), ("Verdana", 10, true), ("Verdana", 11, true), ("Verdana", 13, false), ("Verdana", 9, false), ("Comic", 15, false), ("Verdana", 18, false)];

    [Fact]
    public void Extents_x_ranges_and_monochrome_pixels_equal_the_Pango_plugins()
    {
        var reference = Load();
        var differences = new List<string>();
        int antialiasedPixels = 0, antialiasedOff = 0;
        foreach (var antialias in new[] { false, true })
            foreach (var (family, size, bold) in Fonts)
            {
                reference.SetFont(Encoding.UTF8.GetBytes(family + "\0"), size, bold ? 1 : 0, 0, antialias ? 1 : 0);
                // Scratch's colours on Linux: white labels on a transparent background; antialiased, on a block's blue.
                var colours = antialias ? new TextColours(0xFFFFFF, 0x4A6CD4, true) : new TextColours(0xFFFFFF, 0, true);
                reference.SetColors(255, 255, 255, (int)(colours.Background >> 16), (int)(colours.Background >> 8 & 255), (int)(colours.Background & 255), 1);
                var font = HostFonts.Resolve(family, size, bold, false, antialias);
                foreach (var label in Labels)
                {
                    var utf8 = Encoding.UTF8.GetBytes(label);
                    var what = $"{family} {size}{(bold ? " bold" : "")}{(antialias ? " antialiased" : "")} '{label}'";
                    reference.Measure(utf8, utf8.Length, out var w, out var h);
                    var line = new TextLine(font, utf8);
                    if ((line.Width, line.Height) != (w, h)) differences.Add($"{what}: extent {line.Width}x{line.Height}, Pango {w}x{h}");

                    var ranges = new int[2 * label.Length + 2];
                    var count = utf8.Length == 0 ? 0 : reference.XRanges(utf8, utf8.Length, ranges, ranges.Length);
                    var ours = Enumerable.Range(0, line.Chars.Length).SelectMany(i => new[] { line.XRange(i).Start, line.XRange(i).End });
                    if (!ours.SequenceEqual(ranges.Take(2 * count)))
                        differences.Add($"{what}: x-ranges {string.Join(",", ours)}, Pango {string.Join(",", ranges.Take(2 * count))}");

                    if (w * h == 0 || (line.Width, line.Height) != (w, h)) continue;
                    var expected = new uint[w * h];
                    int dw = w, dh = h;
                    reference.Draw(utf8, utf8.Length, ref dw, ref dh, expected);
                    var actual = new uint[w * h];
                    TextPainter.Draw(line, actual, w, h, colours);
                    if (!antialias)
                    {
                        // Latin text exactly; Arabic and Hebrew hint a pixel differently here and there.
                        var unequal = expected.Zip(actual).Count(p => p.First != p.Second);
                        var allowed = label.All(c => c < 0x250) ? 0 : w * h / 100;
                        if (unequal > allowed) differences.Add($"{what}: {unequal} of {w * h} pixels differ");
                        continue;
                    }
                    // Antialiased edges: Skia's coverage brought back to cairo's (SkiaTextGamma) is within a level or two.
                    antialiasedPixels += expected.Length;
                    antialiasedOff += expected.Zip(actual).Count(p => MaxChannelDifference(p.First, p.Second) > 3);
                }
            }
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.True(antialiasedOff * 100 < antialiasedPixels, $"{antialiasedOff} of {antialiasedPixels} antialiased pixels differ from Pango's by more than 3 levels");
    }

    private static int MaxChannelDifference(uint a, uint b) =>
        Enumerable.Range(0, 4).Max(k => Math.Abs((int)(a >> (8 * k) & 255) - (int)(b >> (8 * k) & 255)));
}
