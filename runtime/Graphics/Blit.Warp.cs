namespace ImageAot.Runtime.Graphics;

/// <summary>
/// WarpBlt's quadrilateral: where the destination rectangle's corners fall in the source, in fixed
/// point with 14 fraction bits (p1 top left, p2 bottom left, p3 bottom right, p4 top right), and
/// the smoothing: n×n samples a destination pixel averaged (1 = none), through
/// <see cref="SourceMap"/> (source pixel to 32-bit colour, needed below 16 bits) and
/// <see cref="SmoothMap"/> (the averaged colour to a destination pixel).
/// </summary>
public sealed record WarpQuad(long P1x, long P1y, long P2x, long P2y, long P3x, long P3y, long P4x, long P4y,
    int Smoothing, uint[]? SourceMap, PixelMap SmoothMap)
{
    public const int FractionBits = 14;
}

public sealed partial class Blit
{
    private WarpQuad? warp;

    /// <summary>
    /// warpBits: fills the destination rectangle with the source quadrilateral, scaled, rotated or
    /// skewed. Only the destination clips; source pixels outside the source form read as 0. False,
    /// having changed nothing, when <see cref="Validate"/> refuses.
    /// </summary>
    public bool WarpBits(WarpQuad quad)
    {
        if (Validate() is not null) return false;
        AffectedLeft = AffectedTop = AffectedRight = AffectedBottom = 0;
        if (!HasSource || !ClipDestinationOnly()) return true;
        warp = quad;
        try { Run(); }
        finally { warp = null; }
        (AffectedLeft, AffectedTop, AffectedRight, AffectedBottom) = (dx, dy, dx + w, dy + h);
        return true;
    }

    private bool ClipDestinationOnly()
    {
        long cl = Math.Max(ClipX, 0L), ct = Math.Max(ClipY, 0L);
        long cr = Math.Min((long)ClipX + ClipWidth, Dest.Width), cb = Math.Min((long)ClipY + ClipHeight, Dest.Height);
        long left = Math.Max(DestX, cl), right = Math.Min((long)DestX + Width, cr);
        long top = Math.Max(DestY, ct), bottom = Math.Min((long)DestY + Height, cb);
        if (right <= left || bottom <= top) return false;
        (dx, dy, w, h, sx, sy) = ((int)left, (int)top, (int)(right - left), (int)(bottom - top), 0, 0);
        return true;
    }
}
