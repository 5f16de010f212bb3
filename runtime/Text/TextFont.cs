using HarfBuzzSharp;
using SkiaSharp;

namespace ImageAot.Runtime.Text;

/// <summary>
/// One face at one pixel size, ready to shape (HarfBuzz) and to rasterize (Skia), with the
/// vertical metrics rounded up to whole pixels as Pango's hinted cairo fonts have them (a
/// 10-pixel DejaVu Sans line is 10 + 3 pixels high). Bold or italic the face lacks is
/// synthesized, as fontconfig's rules ask Pango to do.
/// </summary>
public sealed class TextFont
{
    public SKTypeface Typeface { get; }
    public int PixelSize { get; }
    public bool Antialias { get; }
    /// <summary>The style asked for; Embolden and Oblique say what of it the face lacks and is drawn synthetically.</summary>
    public bool Bold { get; }
    public bool Italic { get; }
    public bool Embolden => Bold && !Typeface.IsBold;
    public bool Oblique => Italic && !Typeface.IsItalic;

    /// <summary>Whole pixels above and below the baseline.</summary>
    public int Ascent { get; }
    public int Descent { get; }

    /// <summary>Font units per em: HarfBuzz positions are in these.</summary>
    public int UnitsPerEm { get; }

    /// <summary>The shaper's view of the same face; shared by every size of it.</summary>
    internal HarfBuzzSharp.Font Shaper { get; }

    internal TextFont(SKTypeface typeface, HarfBuzzSharp.Font shaper, int pixelSize, bool antialias, bool bold, bool italic)
    {
        Typeface = typeface;
        Shaper = shaper;
        PixelSize = pixelSize;
        Antialias = antialias;
        Bold = bold;
        Italic = italic;
        UnitsPerEm = Math.Max(1, typeface.UnitsPerEm);
        using var font = NewSkiaFont();
        font.GetFontMetrics(out var m);
        Ascent = (int)Math.Ceiling(-m.Ascent - 1e-4);
        Descent = (int)Math.Ceiling(m.Descent - 1e-4);
    }

    /// <summary>Font units to pixels.</summary>
    public double Scale => (double)PixelSize / UnitsPerEm;

    /// <summary>
    /// A Skia font set as cairo renders for Pango with Debian's fontconfig defaults: slight
    /// hinting when antialiased, full (monochrome) hinting when not, glyphs on whole pixels.
    /// </summary>
    public SKFont NewSkiaFont() => new(Typeface, PixelSize)
    {
        Edging = Antialias ? SKFontEdging.Antialias : SKFontEdging.Alias,
        Hinting = Antialias ? SKFontHinting.Slight : SKFontHinting.Full,
        Subpixel = false,
        Embolden = Embolden,
        // fontconfig's synthetic oblique shears by 0.2.
        SkewX = Oblique ? -0.2f : 0f,
    };

    public bool Covers(int codePoint) => Typeface.ContainsGlyph(codePoint);
}
