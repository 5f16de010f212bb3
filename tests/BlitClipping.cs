using Blit = ImageAot.Runtime.Graphics.Blit;

namespace ImageAot.Tests;

/// <summary>For pixel models of BitBlt: the destination pixels an operation touches, with the source pixel each reads.</summary>
internal static class BlitClipping
{
    /// <summary>
    /// Every destination pixel inside the destination rectangle, the clip rectangle and the form, and
    /// (when <paramref name="againstSource"/>: the rule reads a source) over the source form.
    /// </summary>
    public static IEnumerable<(int X, int Y, int SourceX, int SourceY)> Pixels(Blit b, bool againstSource = true)
    {
        for (var y = 0; y < b.Dest.Height; y++)
            for (var x = 0; x < b.Dest.Width; x++)
            {
                if (x < b.DestX || x >= b.DestX + b.Width || y < b.DestY || y >= b.DestY + b.Height) continue;
                if (x < b.ClipX || x >= b.ClipX + b.ClipWidth || y < b.ClipY || y >= b.ClipY + b.ClipHeight) continue;
                int sx = b.SourceX + x - b.DestX, sy = b.SourceY + y - b.DestY;
                if (againstSource && ((uint)sx >= (uint)b.Source.Width || (uint)sy >= (uint)b.Source.Height)) continue;
                yield return (x, y, sx, sy);
            }
    }
}
