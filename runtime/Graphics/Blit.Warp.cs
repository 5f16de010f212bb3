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
        if (!HasSource || !Clip(againstSource: false)) return true;
        warp = quad;
        try { Run(); }
        finally { warp = null; }
        (AffectedLeft, AffectedTop, AffectedRight, AffectedBottom) = (dx, dy, dx + w, dy + h);
        return true;
    }
}
