using System.Runtime.InteropServices;
using SkiaSharp;

namespace ImageAot.Runtime.Text;

/// <summary>
/// The host's fonts by family name, as Pango finds them: fontconfig's choice for the name (so
/// "Verdana" is DejaVu Sans on a Debian machine), else Skia's installed family of that name,
/// else DejaVu Sans, else whatever default face Skia has. Faces, their shapers and sized fonts
/// are made once and shared by every interpreter in the process (they are read-only).
/// </summary>
public static class HostFonts
{
    public const string FallbackFamily = "DejaVu Sans";

    /// <summary>The generic names Pango lists beside the installed families.</summary>
    private static readonly string[] GenericFamilies = ["Sans", "Serif", "Monospace", "System-ui"];

    private static readonly object Sync = new();
    private static readonly Dictionary<(string, int, bool, bool, bool), TextFont> Fonts = new();
    private static readonly Dictionary<string, (SKTypeface, HarfBuzzSharp.Font)> Faces = new();
    private static readonly Dictionary<(string, int, int, bool, bool, bool), TextFont?> Fallbacks = new();

    /// <summary>The font for a family name, pixel size and style; never null.</summary>
    public static TextFont Resolve(string family, int pixelSize, bool bold, bool italic, bool antialias)
    {
        pixelSize = Math.Clamp(pixelSize, 1, 1000);
        lock (Sync)
        {
            var key = (family, pixelSize, bold, italic, antialias);
            if (Fonts.TryGetValue(key, out var known)) return known;
            var font = Choose(family, pixelSize, bold, italic, antialias);
            Fonts[key] = font;
            return font;
        }
    }

    private static TextFont Choose(string family, int pixelSize, bool bold, bool italic, bool antialias)
    {
        var style = new SKFontStyle(bold ? SKFontStyleWeight.Bold : SKFontStyleWeight.Normal, SKFontStyleWidth.Normal,
            italic ? SKFontStyleSlant.Italic : SKFontStyleSlant.Upright);
        if (FontconfigMatch.Match(family, bold, italic, pixelSize) is { } choice && FaceFromFile(choice.File, choice.Index) is { } chosen)
            return new TextFont(chosen.Item1, chosen.Item2, pixelSize, antialias, bold, italic);
        var typeface = SKFontManager.Default.MatchFamily(family, style)
            ?? SKFontManager.Default.MatchFamily(FallbackFamily, style)
            ?? SKTypeface.Default;
        var (face, shaper) = Face(typeface);
        return new TextFont(face, shaper, pixelSize, antialias, bold, italic);
    }

    private static (SKTypeface, HarfBuzzSharp.Font)? FaceFromFile(string file, int index)
    {
        var key = $"{file}#{index}";
        if (Faces.TryGetValue(key, out var known)) return known;
        return SKTypeface.FromFile(file, index) is { } typeface ? Face(typeface, key) : null;
    }

    private static (SKTypeface, HarfBuzzSharp.Font) Face(SKTypeface typeface, string? key = null)
    {
        key ??= $"{typeface.FamilyName}/{typeface.FontWeight}/{typeface.FontSlant}";
        if (Faces.TryGetValue(key, out var known)) return known;
        var face = (typeface, NewShaper(typeface));
        Faces[key] = face;
        return face;
    }

    /// <summary>HarfBuzz reads the face's own font data, so both engines agree on glyph ids; positions are in font units.</summary>
    private static HarfBuzzSharp.Font NewShaper(SKTypeface typeface)
    {
        using var stream = typeface.OpenStream(out var ttcIndex);
        var length = stream?.Length ?? 0;
        HarfBuzzSharp.Blob blob;
        if (stream is null || length <= 0) blob = HarfBuzzSharp.Blob.Empty;
        else
        {
            var data = Marshal.AllocHGlobal(length);
            var bytes = new byte[length];
            var read = stream.Read(bytes, length);
            Marshal.Copy(bytes, 0, data, read);
            blob = new HarfBuzzSharp.Blob(data, read, HarfBuzzSharp.MemoryMode.ReadOnly, () => Marshal.FreeHGlobal(data));
        }
        var hbFace = new HarfBuzzSharp.Face(blob, ttcIndex);
        var unitsPerEm = Math.Max(1, typeface.UnitsPerEm);
        var shaper = new HarfBuzzSharp.Font(hbFace);
        shaper.SetScale(unitsPerEm, unitsPerEm);
        return shaper;
    }

    /// <summary>A font of the same size and style that has <paramref name="codePoint"/>, for text the chosen face cannot show (CJK...): fontconfig's choice, else Skia's; null if none has it.</summary>
    public static TextFont? FallbackFor(TextFont font, int codePoint)
    {
        lock (Sync)
        {
            var key = (font.Typeface.FamilyName, font.PixelSize, codePoint, font.Antialias, font.Bold, font.Italic);
            if (Fallbacks.TryGetValue(key, out var known)) return known;
            TextFont? found = null;
            var face = FontconfigMatch.Match(font.Typeface.FamilyName, font.Bold, font.Italic, font.PixelSize, codePoint) is { } choice
                ? FaceFromFile(choice.File, choice.Index)
                : null;
            if (face is null || !face.Value.Item1.ContainsGlyph(codePoint))
                face = SKFontManager.Default.MatchCharacter(font.Typeface.FamilyName, font.Typeface.FontStyle, null, codePoint) is { } typeface ? Face(typeface) : null;
            if (face is { } f && f.Item1.ContainsGlyph(codePoint))
                found = new TextFont(f.Item1, f.Item2, font.PixelSize, font.Antialias, font.Bold, font.Italic);
            Fallbacks[key] = found;
            return found;
        }
    }

    /// <summary>The installed families and Pango's generic names, one each.</summary>
    public static IReadOnlyList<string> Families()
    {
        var names = new List<string>(SKFontManager.Default.FontFamilies);
        foreach (var generic in GenericFamilies)
            if (!names.Contains(generic)) names.Add(generic);
        return names.Distinct().ToList();
    }
}
