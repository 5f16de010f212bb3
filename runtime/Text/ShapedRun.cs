namespace ImageAot.Runtime.Text;

/// <summary>
/// Consecutive characters drawn with one font, shaped by HarfBuzz (kerning, ligatures, Arabic
/// joining, marks) into glyphs in visual order. Advances and offsets are rounded to whole pixels
/// glyph by glyph, as Pango rounds glyph positions for a hinted font, so widths and x-ranges
/// come out as on squeakvm. Clusters are indices into the line's characters.
/// </summary>
public sealed class ShapedRun
{
    public TextFont Font { get; }
    public bool RightToLeft { get; }
    /// <summary>First character of the run and how many it has.</summary>
    public int Start { get; }
    public int Length { get; }

    public ushort[] Glyphs { get; }
    public int[] Clusters { get; }
    /// <summary>Pixel advance of each glyph, and its offset from the pen (y down).</summary>
    public int[] Advances { get; }
    public int[] OffsetsX { get; }
    public int[] OffsetsY { get; }
    /// <summary>Glyphs not to draw: control characters, which Pango shows as nothing here.</summary>
    public bool[] Hidden { get; }

    public int Width { get; }

    private ShapedRun(TextFont font, bool rtl, int start, int length, ushort[] glyphs, int[] clusters, int[] advances,
        int[] offsetsX, int[] offsetsY, bool[] hidden)
    {
        Font = font;
        RightToLeft = rtl;
        Start = start;
        Length = length;
        Glyphs = glyphs;
        Clusters = clusters;
        Advances = advances;
        OffsetsX = offsetsX;
        OffsetsY = offsetsY;
        Hidden = hidden;
        Width = advances.Sum();
    }

    public static bool IsControl(int c) => c < 0x20 || c is 0x7F;

    public static ShapedRun Shape(TextFont font, int[] chars, int start, int length)
    {
        using var buffer = new HarfBuzzSharp.Buffer { ContentType = HarfBuzzSharp.ContentType.Unicode };
        for (var i = start; i < start + length; i++)
            buffer.Add((uint)(IsControl(chars[i]) ? ' ' : chars[i]), (uint)i);
        buffer.GuessSegmentProperties();
        font.Shaper.Shape(buffer);
        var infos = buffer.GlyphInfos;
        var positions = buffer.GlyphPositions;
        var n = infos.Length;
        var glyphs = new ushort[n];
        var clusters = new int[n];
        var advances = new int[n];
        var offsetsX = new int[n];
        var offsetsY = new int[n];
        var hidden = new bool[n];
        var scale = font.Scale;
        for (var g = 0; g < n; g++)
        {
            glyphs[g] = (ushort)infos[g].Codepoint;
            clusters[g] = (int)infos[g].Cluster;
            var control = IsControl(chars[clusters[g]]);
            hidden[g] = control;
            advances[g] = control ? 0 : Pixels(positions[g].XAdvance * scale);
            offsetsX[g] = Pixels(positions[g].XOffset * scale);
            offsetsY[g] = -Pixels(positions[g].YOffset * scale);
        }
        return new ShapedRun(font, buffer.Direction == HarfBuzzSharp.Direction.RightToLeft, start, length,
            glyphs, clusters, advances, offsetsX, offsetsY, hidden);
    }

    /// <summary>Pixels rounded half up, as PANGO_PIXELS rounds.</summary>
    public static int Pixels(double v) => (int)Math.Floor(v + 0.5);
}
