namespace ImageAot.Runtime.Text;

/// <summary>
/// Puts a laid-out line into 32-bit form bits (0xAARRGGBB words, w x h, row by row) the way
/// the Pango plugin's cairo surface does: the whole w x h area painted opaque in the background
/// colour unless that is 0, the glyphs composited over it in the foreground colour (all four
/// bytes, so over untouched zero pixels an edge pixel's alpha is its coverage), and afterwards
/// words equal to the background colour without alpha set to 0. Painted pixels are opaque, so
/// that last step only ever meets pixels nobody drew: squeakvm shows a painted background
/// opaque even when Scratch asks for it to be transparent, and so do we.
/// </summary>
public static class TextPainter
{
    public static void Draw(TextLine line, Span<uint> bits, int w, int h, TextColours colours)
    {
        var area = bits[..(w * h)];
        if (colours.Background != 0) area.Fill(0xFF000000 | colours.Background);
        var source = 0xFF000000 | colours.Foreground;
        var rows = Math.Min(h, line.Height);
        var columns = Math.Min(w, line.Width);
        for (var y = 0; y < rows; y++)
            for (var x = 0; x < columns; x++)
            {
                var m = line.Coverage[y * line.Width + x];
                if (m != 0) area[y * w + x] = Over(source, area[y * w + x], m);
            }
        if (!colours.MapBackgroundToTransparent) return;
        foreach (ref var word in area)
            if (word == colours.Background) word = 0;
    }

    /// <summary>An opaque source through coverage m over a destination, per byte, rounded as pixman rounds.</summary>
    private static uint Over(uint src, uint dst, byte m)
    {
        uint result = 0;
        for (var shift = 0; shift < 32; shift += 8)
        {
            var s = Multiply((src >> shift) & 255, m);
            var d = Multiply((dst >> shift) & 255, 255u - m);
            result |= Math.Min(255u, s + d) << shift;
        }
        return result;
    }

    private static uint Multiply(uint a, uint b)
    {
        var t = a * b + 0x80;
        return ((t >> 8) + t) >> 8;
    }
}
