using System.Runtime.InteropServices;

namespace ImageAot.Runtime.Text;

/// <summary>
/// Asks the system's fontconfig which font file it would give a family name, the way Pango does
/// for Scratch's UnicodePlugin on Linux: a name that is no installed family ("Verdana", "Comic",
/// "Sans") still gets the font fontconfig's rules choose for it (DejaVu Sans here), not whatever
/// Skia's own default would be. Only the few calls needed are bound; when libfontconfig is not
/// there, or answers nothing, the caller falls back on its own.
/// </summary>
internal static partial class FontconfigMatch
{
    private const string Lib = "libfontconfig.so.1";

    // fontconfig's numbers for the properties we set and read (fontconfig.h).
    private const int WeightRegular = 80, WeightBold = 200;
    private const int SlantRoman = 0, SlantItalic = 100;
    private const int MatchPattern = 0;

    /// <summary>The font fontconfig chose: its file and face index.</summary>
    public sealed record Choice(string File, int Index);

    private static bool unavailable;

    /// <summary>
    /// The font for <paramref name="family"/> at <paramref name="pixelSize"/>, or null when
    /// fontconfig cannot say. With <paramref name="codePoint"/>, one that has that character
    /// (fontconfig ranks coverage above the family), as Pango finds a font for text the
    /// family's font lacks.
    /// </summary>
    public static Choice? Match(string family, bool bold, bool italic, double pixelSize, int codePoint = -1)
    {
        if (unavailable) return null;
        try
        {
            return MatchOrNull(family, bold, italic, pixelSize, codePoint);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            unavailable = true;
            return null;
        }
    }

    private static Choice? MatchOrNull(string family, bool bold, bool italic, double pixelSize, int codePoint)
    {
        var pattern = FcPatternCreate();
        if (pattern == IntPtr.Zero) return null;
        try
        {
            FcPatternAddString(pattern, "family", family);
            FcPatternAddInteger(pattern, "weight", bold ? WeightBold : WeightRegular);
            FcPatternAddInteger(pattern, "slant", italic ? SlantItalic : SlantRoman);
            FcPatternAddDouble(pattern, "pixelsize", pixelSize);
            if (codePoint >= 0) AddCharacter(pattern, codePoint);
            if (FcConfigSubstitute(IntPtr.Zero, pattern, MatchPattern) == 0) return null;
            FcDefaultSubstitute(pattern);
            var font = FcFontMatch(IntPtr.Zero, pattern, out _);
            if (font == IntPtr.Zero) return null;
            try
            {
                if (FcPatternGetString(font, "file", 0, out var filePtr) != 0 || Marshal.PtrToStringUTF8(filePtr) is not { } file) return null;
                if (FcPatternGetInteger(font, "index", 0, out var index) != 0) index = 0;
                return new Choice(file, index);
            }
            finally
            {
                FcPatternDestroy(font);
            }
        }
        finally
        {
            FcPatternDestroy(pattern);
        }
    }

    private static void AddCharacter(IntPtr pattern, int codePoint)
    {
        var set = FcCharSetCreate();
        if (set == IntPtr.Zero) return;
        FcCharSetAddChar(set, (uint)codePoint);
        FcPatternAddCharSet(pattern, "charset", set);   // the pattern keeps its own reference
        FcCharSetDestroy(set);
    }

    [LibraryImport(Lib)]
    private static partial IntPtr FcCharSetCreate();

    [LibraryImport(Lib)]
    private static partial int FcCharSetAddChar(IntPtr set, uint ucs4);

    [LibraryImport(Lib)]
    private static partial void FcCharSetDestroy(IntPtr set);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FcPatternAddCharSet(IntPtr pattern, string obj, IntPtr set);

    [LibraryImport(Lib)]
    private static partial IntPtr FcPatternCreate();

    [LibraryImport(Lib)]
    private static partial void FcPatternDestroy(IntPtr pattern);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FcPatternAddString(IntPtr pattern, string obj, string value);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FcPatternAddInteger(IntPtr pattern, string obj, int value);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FcPatternAddDouble(IntPtr pattern, string obj, double value);

    [LibraryImport(Lib)]
    private static partial int FcConfigSubstitute(IntPtr config, IntPtr pattern, int kind);

    [LibraryImport(Lib)]
    private static partial void FcDefaultSubstitute(IntPtr pattern);

    [LibraryImport(Lib)]
    private static partial IntPtr FcFontMatch(IntPtr config, IntPtr pattern, out int result);

    /// <summary>Answers 0 (FcResultMatch) when found; the string belongs to the pattern.</summary>
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FcPatternGetString(IntPtr pattern, string obj, int n, out IntPtr value);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FcPatternGetInteger(IntPtr pattern, string obj, int n, out int value);
}
