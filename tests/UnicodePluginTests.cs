using System.Text;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Plugins;
using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// The UnicodePlugin's primitives called directly, with Scratch's arguments. The figures are
/// those Debian's squeakvm plugin (Pango, with setup.sh's DejaVu fonts) answers for the same calls.
/// </summary>
public sealed class UnicodePluginTests
{
    private static readonly PrimitiveTable Table = PrimitiveTable.CreateStandard();

    private static Interpreter Vm() => Interpreter.ForPrimitiveTests(TestImages.Shared("cuis5.0-spur32.image"));

    private static readonly Value Receiver = Value.SmallInt(0);

    private static Value? Call(Interpreter vm, string name, params Value[] args) =>
        PrimitiveCall.Run(vm, Table.Named(UnicodePlugin.Module, name) ?? throw new InvalidOperationException($"{name} is not registered"), Receiver, args);

    private static Value I(long v) => Value.SmallInt(v);
    private static Value B(Interpreter vm, bool b) => vm.Mem.Bool(b);
    private static Value Utf8(Interpreter vm, string s) => vm.Mem.NewBytes(vm.Mem.ClassString, Encoding.UTF8.GetBytes(s));

    private static WordsObject Bits(Interpreter vm, int count) => (WordsObject)vm.Mem.Instantiate(vm.Mem.ClassBitmap!, count)!;

    private static void SetFont(Interpreter vm, string family, int size, bool bold = false, bool antialias = false) =>
        Assert.NotNull(Call(vm, "primitiveSetFont", Utf8(vm, family), I(size), B(vm, bold), B(vm, false), B(vm, antialias)));

    /// <summary>Scratch's colours on Linux: black or white text, the background Color transparent (all zero) mapped to transparent.</summary>
    private static void SetColours(Interpreter vm, int fg, int bg, bool map) =>
        Assert.NotNull(Call(vm, "primitiveSetColors", I(fg >> 16 & 255), I(fg >> 8 & 255), I(fg & 255), I(bg >> 16 & 255), I(bg >> 8 & 255), I(bg & 255), B(vm, map)));

    private static (long X, long Y) Measure(Interpreter vm, string s)
    {
        var p = Assert.IsType<PointersObject>(Call(vm, "primitiveMeasureString", Utf8(vm, s))?.Ref);
        return (p.Slots[0].SmallIntValue, p.Slots[1].SmallIntValue);
    }

    [Fact]
    public void Width_grows_with_the_string_and_height_is_the_fonts_line_height()
    {
        var vm = Vm();
        SetFont(vm, "Verdana", 10);
        var widths = new[] { "M", "Mo", "Mot", "Motion" }.Select(s => Measure(vm, s)).ToList();
        Assert.True(widths.Zip(widths.Skip(1)).All(p => p.Second.X > p.First.X), string.Join(" ", widths));
        Assert.Equal((34, 13), Measure(vm, "Motion"));   // DejaVu Sans 10 px: ascent 10 + descent 3
        SetFont(vm, "Verdana", 10, bold: true);
        Assert.Equal((39, 13), Measure(vm, "Motion"));
        SetFont(vm, "Verdana", 18);
        Assert.Equal((61, 22), Measure(vm, "Motion"));
        Assert.Equal((0, 22), Measure(vm, ""));
    }

    [Fact]
    public void A_family_that_is_not_installed_measures_as_its_fallback()
    {
        var vm = Vm();
        SetFont(vm, "DejaVu Sans", 13);
        var dejaVu = Measure(vm, "Sprite1 degrees");
        SetFont(vm, "No Such Family Anywhere", 13);
        Assert.Equal(dejaVu, Measure(vm, "Sprite1 degrees"));
    }

    [Fact]
    public void Monochrome_text_has_foreground_pixels_where_the_glyphs_are_and_a_transparent_background()
    {
        var vm = Vm();
        SetFont(vm, "Verdana", 10, bold: true);
        SetColours(vm, 0xFFFFFF, 0, map: true);
        var (w, h) = Measure(vm, "Motion");
        var bits = Bits(vm, (int)(w * h));
        var extent = Assert.IsType<PointersObject>(Call(vm, "primitiveDrawString", Utf8(vm, "Motion"), I(w), I(h), bits)?.Ref);
        Assert.Equal(w, extent.Slots[0].SmallIntValue);
        Assert.All(bits.Words, p => Assert.True(p is 0 or 0xFFFFFFFF, $"{p:X8}"));
        int Lit(int x0, int x1, int y0, int y1) =>
            Enumerable.Range(y0, y1 - y0).Sum(y => Enumerable.Range(x0, x1 - x0).Count(x => bits.Words[y * w + x] != 0));
        // The capital M (x 0..10) stands on the baseline (y 10) and reaches the cap height; nothing is below the baseline or above the caps.
        Assert.True(Lit(0, 10, 2, 10) > 30, "no M");
        Assert.Equal(0, Lit(0, (int)w, 10, (int)h));
        Assert.Equal(0, Lit(0, (int)w, 0, 2));
    }

    [Fact]
    public void Antialiased_text_on_a_painted_background_blends_the_two_colours()
    {
        var vm = Vm();
        SetFont(vm, "Verdana", 18, antialias: true);
        SetColours(vm, 0x000000, 0xFFFFFF, map: false);
        var (w, h) = Measure(vm, "Looks");
        var bits = Bits(vm, (int)(w * h));
        Assert.NotNull(Call(vm, "primitiveDrawString", Utf8(vm, "Looks"), I(w), I(h), bits));
        Assert.Equal(0xFFFFFFFFu, bits.Words[0]);                          // painted, opaque
        Assert.Contains(0xFF000000u, bits.Words);                          // glyph cores
        Assert.Contains(bits.Words, p => p >> 24 == 0xFF && (p & 0xFF) is > 0 and < 0xFF);   // grey edges
    }

    [Fact]
    public void Drawing_fills_only_the_given_width_and_height()
    {
        var vm = Vm();
        SetFont(vm, "Verdana", 13);
        SetColours(vm, 0x000000, 0x336699, map: false);
        var bits = Bits(vm, 100);
        Assert.NotNull(Call(vm, "primitiveDrawString", Utf8(vm, "Stage"), I(5), I(4), bits));
        Assert.All(bits.Words.Take(20), p => Assert.NotEqual(0u, p));
        Assert.All(bits.Words.Skip(20), p => Assert.Equal(0u, p));
    }

    [Fact]
    public void X_ranges_are_one_increasing_pair_per_character_ending_at_the_width()
    {
        var vm = Vm();
        SetFont(vm, "Verdana", 10);
        var text = "To move é";
        var result = Bits(vm, 2 * text.Length);
        var count = Call(vm, "primitiveGetXRanges", Utf8(vm, text), result);
        Assert.Equal(text.Length, count?.SmallIntValue);   // characters, not UTF-8 bytes
        var ranges = result.Words.Select(u => (int)u).ToArray();
        Assert.Equal(0, ranges[0]);
        for (var i = 0; i < text.Length; i++)
        {
            Assert.True(ranges[2 * i] <= ranges[2 * i + 1], $"character {i}: {ranges[2 * i]}..{ranges[2 * i + 1]}");
            if (i > 0) Assert.Equal(ranges[2 * i - 1], ranges[2 * i]);
        }
        Assert.Equal(Measure(vm, text).X, ranges[^1]);
        // Squeakvm's kerned "To": T is 4 pixels wide here, less than its own advance.
        Assert.Equal(new[] { 0, 4, 4, 10 }, ranges[..4]);
    }

    [Fact]
    public void X_ranges_answer_minus_one_when_the_result_is_too_small()
    {
        var vm = Vm();
        Assert.Equal(-1, Call(vm, "primitiveGetXRanges", Utf8(vm, "abc"), Bits(vm, 5))?.SmallIntValue);
        Assert.Equal(0, Call(vm, "primitiveGetXRanges", Utf8(vm, ""), Bits(vm, 0))?.SmallIntValue);
    }

    [Fact]
    public void Bad_arguments_fail_and_leave_the_stack_alone()
    {
        var vm = Vm();
        Assert.Null(Call(vm, "primitiveMeasureString", I(3)));
        Assert.Null(Call(vm, "primitiveDrawString", Utf8(vm, "x"), I(10), I(10), Bits(vm, 99)));     // bits too small
        Assert.Null(Call(vm, "primitiveDrawString", Utf8(vm, "x"), I(-1), I(10), Bits(vm, 99)));
        Assert.Null(Call(vm, "primitiveDrawString", Utf8(vm, "x"), I(1), I(1), Utf8(vm, "bytes")));
        Assert.Null(Call(vm, "primitiveGetXRanges", Utf8(vm, "x"), Utf8(vm, "not words")));
        Assert.Null(Call(vm, "primitiveSetFont", Utf8(vm, "Verdana"), I(10), vm.Mem.NilV, B(vm, false), B(vm, true)));
        Assert.Null(Call(vm, "primitiveSetFont", Utf8(vm, new string('x', 200)), I(10), B(vm, false), B(vm, false), B(vm, true)));
        Assert.Null(Call(vm, "primitiveSetColors", I(0), I(0), Utf8(vm, "0"), I(0), I(0), I(0), B(vm, true)));
        Assert.Null(Call(vm, "primitiveSetColors", I(0), I(0), I(0), I(0), I(0), I(0)));
        Assert.Null(Call(vm, "primitiveClipboardGet", Utf8(vm, "bytes")));
    }

    [Fact]
    public void The_font_list_names_the_installed_families_one_a_line()
    {
        var vm = Vm();
        var buffer = (BytesObject)vm.Mem.NewBytes(vm.Mem.ClassString, new byte[100000]);
        var length = (int)Call(vm, "primitiveGetFontList", buffer)!.Value.SmallIntValue;
        var names = Encoding.UTF8.GetString(buffer.Bytes, 0, length).Split('\n');
        Assert.Contains("DejaVu Sans", names);
        Assert.Contains("Sans", names);    // Pango's generic names too
        Assert.Equal("", names[^1]);
        var tiny = (BytesObject)vm.Mem.NewBytes(vm.Mem.ClassString, new byte[8]);
        Assert.Equal(7, Call(vm, "primitiveGetFontList", tiny)?.SmallIntValue);
    }

    [Fact]
    public void The_clipboard_goes_through_the_VMs_clipboard_as_UTF16()
    {
        var vm = Vm();
        var put = Bits(vm, 4);   // a SoundBuffer: two UTF-16 units a word
        var text = "héllo\n";
        for (var i = 0; i < text.Length; i++) put.Words[i / 2] |= (uint)text[i] << (16 * (i % 2));
        Assert.NotNull(Call(vm, "primitiveClipboardPut", put, I(text.Length)));
        Assert.Equal("héllo\n", vm.Screen.PrivateClipboard);
        Assert.Equal(6, Call(vm, "primitiveClipboardSize")?.SmallIntValue);
        var got = Bits(vm, 2);
        Assert.Equal(4, Call(vm, "primitiveClipboardGet", got)?.SmallIntValue);   // as much as fits
        Assert.Equal(('h' | (uint)'é' << 16, 'l' | (uint)'l' << 16), (got.Words[0], got.Words[1]));
    }
}
