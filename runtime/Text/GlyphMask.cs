using System.Runtime.InteropServices;
using SkiaSharp;

namespace ImageAot.Runtime.Text;

/// <summary>
/// The coverage of a line's glyphs, rasterized by Skia (through FreeType, as cairo does) into an
/// 8-bit mask with a margin around the logical box, so that ink sticking out of it (italics,
/// a j's hook at the start, tall marks) is found and measured. Coordinates are relative to the
/// logical box's top-left corner.
/// </summary>
public sealed class GlyphMask
{
    private readonly byte[] alpha;
    private readonly int width, height, margin;

    /// <summary>The bounding box of the lit pixels (empty: all zero).</summary>
    public int Left { get; }
    public int Top { get; }
    public int Right { get; }
    public int Bottom { get; }

    /// <summary>Masks larger than this many pixels are not made (the primitive fails instead).</summary>
    public const long MaxPixels = 1L << 24;

    private GlyphMask(byte[] alpha, int width, int height, int margin, SKRect ink)
    {
        this.alpha = alpha;
        this.width = width;
        this.height = height;
        this.margin = margin;
        Left = (int)Math.Floor(ink.Left);
        Top = (int)Math.Floor(ink.Top);
        Right = (int)Math.Ceiling(ink.Right);
        Bottom = (int)Math.Ceiling(ink.Bottom);
    }

    public static GlyphMask Render(IReadOnlyList<ShapedRun> runs, int logicalWidth, int logicalHeight, int baseline)
    {
        var margin = runs.Select(r => r.Font.PixelSize).Append(0).Max() + 4;
        var width = logicalWidth + 2 * margin;
        var height = logicalHeight + 2 * margin;
        if ((long)width * height > MaxPixels) throw new TextTooLargeException();
        var alpha = new byte[width * height];
        var ink = SKRect.Empty;
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Alpha8, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = SKColors.White, IsAntialias = true })
        {
            canvas.Clear(SKColors.Transparent);
            var x = 0;
            foreach (var run in runs)
            {
                using var font = run.Font.NewSkiaFont();
                paint.IsAntialias = run.Font.Antialias;
                var glyphs = new List<ushort>();
                var points = new List<SKPoint>();
                for (var g = 0; g < run.Glyphs.Length; g++)
                {
                    if (!run.Hidden[g])
                    {
                        glyphs.Add(run.Glyphs[g]);
                        points.Add(new SKPoint(margin + x + run.OffsetsX[g], margin + baseline + run.OffsetsY[g]));
                    }
                    x += run.Advances[g];
                }
                if (glyphs.Count == 0) continue;
                ink = Union(ink, InkOf(font, glyphs, points, margin));
                using var builder = new SKTextBlobBuilder();
                var buffer = builder.AllocatePositionedRun(font, glyphs.Count);
                glyphs.ToArray().CopyTo(buffer.Glyphs);
                points.ToArray().CopyTo(buffer.Positions);
                using var blob = builder.Build();
                if (blob is not null) canvas.DrawText(blob, 0, 0, paint);
            }
        }
        var pixels = bitmap.GetPixels();
        for (var y = 0; y < height; y++) Marshal.Copy(pixels + y * bitmap.RowBytes, alpha, y * width, width);
        if (runs.Any(r => r.Font.Antialias)) SkiaTextGamma.Undo(alpha);
        return new GlyphMask(alpha, width, height, margin, ink);
    }

    /// <summary>
    /// The glyphs' ink boxes as the font engine reports them (hinted, so whole pixels for
    /// hinted edges), in logical coordinates. Pango measures ink this way, not by lit pixels: a
    /// monochrome s whose outline passes the advance by a fraction widens the box by a pixel
    /// though no pixel there is set.
    /// </summary>
    private static SKRect InkOf(SKFont font, List<ushort> glyphs, List<SKPoint> points, int margin)
    {
        var bounds = new SKRect[glyphs.Count];
        font.GetGlyphWidths(glyphs.ToArray(), null, bounds);
        var ink = SKRect.Empty;
        for (var g = 0; g < bounds.Length; g++)
        {
            if (bounds[g].IsEmpty) continue;
            var box = bounds[g];
            box.Offset(points[g].X - margin, points[g].Y - margin);
            ink = Union(ink, box);
        }
        return ink;
    }

    private static SKRect Union(SKRect a, SKRect b) => a.IsEmpty ? b : b.IsEmpty ? a : SKRect.Union(a, b);

    /// <summary>The coverage in the box whose top-left corner is (<paramref name="left"/>, <paramref name="top"/>) in logical coordinates.</summary>
    public byte[] Crop(int left, int top, int w, int h)
    {
        var result = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            var sy = y + top + margin;
            if (sy < 0 || sy >= height) continue;
            for (var x = 0; x < w; x++)
            {
                var sx = x + left + margin;
                if (sx >= 0 && sx < width) result[y * w + x] = alpha[sy * width + sx];
            }
        }
        return result;
    }
}

/// <summary>The text would need a mask too large to make: the primitive fails.</summary>
public sealed class TextTooLargeException : Exception
{
    public TextTooLargeException() : base("text too large to draw") { }
}
