using System.Runtime.CompilerServices;
using System.Text;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;
using ImageAot.Runtime.Text;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// Scratch 1.4's UnicodePlugin: text drawn by the host's font engine (on Linux the original
/// used Pango; here HarfBuzz shapes and Skia rasterizes, with fontconfig choosing the font, so
/// Scratch's labels, menus and fields look and measure as on squeakvm). Strings arrive as
/// UTF-8 bytes; sizes are pixels ("Verdana 10" is Pango's "Verdana, 10px"). Scratch calls
/// every primitive from a class-side method of UnicodePlugin, so the receiver is ignored and
/// answered where the C plugin leaves it; wrong argument kinds or sizes fail, stack untouched,
/// and so does text whose font engine is missing or that is too large to draw.
/// </summary>
public static class UnicodePlugin
{
    public const string Module = "UnicodePlugin";

    /// <summary>The C plugin copies the font name into a 200-byte buffer and refuses longer ones.</summary>
    private const int MaxFontNameBytes = 200;

    public static void Register(PrimitiveTable t)
    {
        t.AddNamed(Module, "primitiveSetFont", SetFont);
        t.AddNamed(Module, "primitiveSetColors", SetColors);
        t.AddNamed(Module, "primitiveMeasureString", MeasureString);
        t.AddNamed(Module, "primitiveDrawString", DrawString);
        t.AddNamed(Module, "primitiveGetXRanges", GetXRanges);
        t.AddNamed(Module, "primitiveGetFontList", GetFontList);
        t.AddNamed(Module, "primitiveClipboardGet", ClipboardGet);
        t.AddNamed(Module, "primitiveClipboardPut", ClipboardPut);
        t.AddNamed(Module, "primitiveClipboardSize", ClipboardSize);
    }

    private static readonly ConditionalWeakTable<Interpreter, UnicodeTextSettings> AllSettings = new();

    public static UnicodeTextSettings SettingsOf(Interpreter vm) => AllSettings.GetValue(vm, _ => new UnicodeTextSettings());

    private static byte[]? BytesAt(Interpreter vm, int depth) => vm.Stack(depth).Ref is BytesObject b ? b.Bytes : null;

    private static bool IntAt(Interpreter vm, int depth, out int value)
    {
        var v = vm.Stack(depth);
        var ok = v.IsSmallInt && v.SmallIntValue is >= int.MinValue and <= int.MaxValue;
        value = ok ? (int)v.SmallIntValue : 0;
        return ok;
    }

    private static bool BoolAt(Interpreter vm, int depth, out bool value)
    {
        var v = vm.Stack(depth);
        value = v == vm.Mem.TrueV;
        return value || v == vm.Mem.FalseV;
    }

    /// <summary>
    /// Runs text work, which touches only the font engines and the objects already checked: a
    /// missing native library, too large a text or anything a font engine throws fails the
    /// primitive rather than the VM.
    /// </summary>
    private static bool Guarded(Func<bool> work)
    {
        try
        {
            return work();
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static Value Point(Interpreter vm, int x, int y) => vm.Mem.NewPoint(Value.SmallInt(x), Value.SmallInt(y));

    /// <summary>(fontName, size, bold, italic, antialias): the font later calls use; the name is a family, with fontconfig's substitutes.</summary>
    private static bool SetFont(Interpreter vm, int n)
    {
        if (n != 5 || BytesAt(vm, 4) is not { Length: < MaxFontNameBytes } name || !IntAt(vm, 3, out var size)
            || !BoolAt(vm, 2, out var bold) || !BoolAt(vm, 1, out var italic) || !BoolAt(vm, 0, out var antialias)) return false;
        SettingsOf(vm).SetFont(FamilyName(name), size, bold, italic, antialias);
        return vm.Answer(n, vm.Stack(n));
    }

    /// <summary>The first family of a Pango-style comma-separated list, decoded as UTF-8 (Latin-1 if it is not).</summary>
    private static string FamilyName(byte[] bytes)
    {
        var end = Array.IndexOf(bytes, (byte)0);
        var span = bytes.AsSpan(0, end < 0 ? bytes.Length : end);
        string text;
        try { text = new UTF8Encoding(false, true).GetString(span); }
        catch (DecoderFallbackException) { text = Encoding.Latin1.GetString(span); }
        var first = text.Split(',').Select(f => f.Trim()).FirstOrDefault(f => f.Length > 0);
        return first ?? HostFonts.FallbackFamily;
    }

    /// <summary>(fgRed, fgGreen, fgBlue, bgRed, bgGreen, bgBlue, mapBGToTransparent).</summary>
    private static bool SetColors(Interpreter vm, int n)
    {
        if (n != 7 || !BoolAt(vm, 0, out var map)) return false;
        var c = new int[6];
        for (var i = 0; i < 6; i++)
            if (!IntAt(vm, 6 - i, out c[i])) return false;
        SettingsOf(vm).Colours = TextColours.FromComponents(c[0], c[1], c[2], c[3], c[4], c[5], map);
        return vm.Answer(n, vm.Stack(n));
    }

    /// <summary>(utf8): the extent (a Point) of the string's box in the current font.</summary>
    private static bool MeasureString(Interpreter vm, int n)
    {
        if (n != 1 || BytesAt(vm, 0) is not { } utf8) return false;
        return Guarded(() =>
        {
            var line = SettingsOf(vm).Lay(utf8);
            return vm.Answer(n, Point(vm, line.Width, line.Height));
        });
    }

    /// <summary>(utf8, w, h, bits): draws the string into w x h 32-bit bits (at least w * h words); answers the string's extent.</summary>
    private static bool DrawString(Interpreter vm, int n)
    {
        if (n != 4 || BytesAt(vm, 3) is not { } utf8 || !IntAt(vm, 2, out var w) || !IntAt(vm, 1, out var h)
            || vm.Stack(0).Ref is not WordsObject bits || w < 0 || h < 0 || (long)w * h > bits.Words.Length) return false;
        return Guarded(() =>
        {
            var settings = SettingsOf(vm);
            var line = settings.Lay(utf8);
            TextPainter.Draw(line, bits.Words, w, h, settings.Colours);
            return vm.Answer(n, Point(vm, line.Width, line.Height));
        });
    }

    /// <summary>
    /// (utf8, result): two words per character, its left and right x (right to left: right
    /// then left); answers the number of characters, or -1 when result is too small for them.
    /// </summary>
    private static bool GetXRanges(Interpreter vm, int n)
    {
        if (n != 2 || BytesAt(vm, 1) is not { } utf8 || vm.Stack(0).Ref is not WordsObject result) return false;
        return Guarded(() =>
        {
            var count = Utf8Chars.Decode(utf8).Length;
            if (result.Words.Length < 2 * count) return vm.Answer(n, -1L);
            var line = SettingsOf(vm).Lay(utf8);
            for (var i = 0; i < count; i++)
            {
                var (start, end) = line.XRange(i);
                result.Words[2 * i] = (uint)start;
                result.Words[2 * i + 1] = (uint)end;
            }
            return vm.Answer(n, count);
        });
    }

    /// <summary>(buffer): the font families, each followed by a line feed, written into the byte buffer as far as it holds; answers the bytes written.</summary>
    private static bool GetFontList(Interpreter vm, int n)
    {
        if (n != 1 || BytesAt(vm, 0) is not { } buffer) return false;
        return Guarded(() =>
        {
            var list = Encoding.UTF8.GetBytes(string.Concat(HostFonts.Families().Select(f => f + "\n")));
            // The C plugin writes a terminating zero too, so the list fills at most all but the last byte.
            var length = Math.Min(list.Length, Math.Max(0, buffer.Length - 1));
            list.AsSpan(0, length).CopyTo(buffer);
            return vm.Answer(n, length);
        });
    }

    // ---- the clipboard as UTF-16, through the host's clipboard (the window's, or the VM's own when headless) ----

    /// <summary>The clipboard in UTF-16 with CR line ends, as Scratch's Windows and Mac callers expect them.</summary>
    private static string ClipboardText(Interpreter vm) => vm.Screen.ReadClipboard().ReplaceLineEndings("\r");

    /// <summary>(): the clipboard's length in UTF-16 units.</summary>
    private static bool ClipboardSize(Interpreter vm, int n) => n == 0 && vm.Answer(n, ClipboardText(vm).Length);

    /// <summary>(buffer): copies as much of the clipboard as fits into the 16-bit buffer; answers the units copied.</summary>
    private static bool ClipboardGet(Interpreter vm, int n)
    {
        if (n != 1 || vm.Stack(0).Ref is not WordsObject || SampleArray.Of(vm.Stack(0)) is not { } buffer) return false;
        var text = ClipboardText(vm);
        var count = Math.Min(text.Length, buffer.Length);
        for (var i = 0; i < count; i++) buffer[i] = (short)text[i];
        return vm.Answer(n, count);
    }

    /// <summary>(buffer, count): puts the first count UTF-16 units of the buffer (all of it when count is out of range) on the clipboard.</summary>
    private static bool ClipboardPut(Interpreter vm, int n)
    {
        if (n != 2 || vm.Stack(1).Ref is not WordsObject || SampleArray.Of(vm.Stack(1)) is not { } buffer || !IntAt(vm, 0, out var count)) return false;
        if (count < 0 || count >= buffer.Length) count = buffer.Length;
        var units = new char[count];
        for (var i = 0; i < count; i++) units[i] = (char)(ushort)buffer[i];
        vm.Screen.WriteClipboard(new string(units).TrimEnd('\0').ReplaceLineEndings("\n"));
        return vm.Answer(n, vm.Stack(n));
    }
}
