namespace ImageAot.Runtime.Graphics;

public sealed partial class Blit
{
    /// <summary>
    /// Bresenham's line (IBM Systems Journal 4(1), 1965) as BitBlt>>drawLoopX:Y: defines it: the
    /// destination origin steps along the major axis, also along the minor one whenever the running
    /// error goes negative, and the source (the pen's nib) is copied at every point except the
    /// first and the last, which the caller draws. DestX and DestY end at the line's last point;
    /// the affected area covers the whole line.
    /// </summary>
    public void DrawLoop(int xDelta, int yDelta)
    {
        int stepX = Math.Sign(xDelta), stepY = Math.Sign(yDelta);
        var horizontal = Math.Abs((long)xDelta) > Math.Abs((long)yDelta);
        var major = (int)Math.Min(int.MaxValue, Math.Abs((long)(horizontal ? xDelta : yDelta)));
        var minor = (int)Math.Min(int.MaxValue, Math.Abs((long)(horizontal ? yDelta : xDelta)));
        int left = int.MaxValue, top = int.MaxValue, right = int.MinValue, bottom = int.MinValue;
        var error = major / 2;
        for (var i = 1; i <= major; i++)
        {
            var minorStep = (error -= minor) < 0;
            if (minorStep) error += major;
            if (horizontal) { DestX += stepX; if (minorStep) DestY += stepY; }
            else { DestY += stepY; if (minorStep) DestX += stepX; }
            if (i == major) break;
            CopyBits();
            if (AffectedRight > AffectedLeft && AffectedBottom > AffectedTop)
            {
                left = Math.Min(left, AffectedLeft);
                top = Math.Min(top, AffectedTop);
                right = Math.Max(right, AffectedRight);
                bottom = Math.Max(bottom, AffectedBottom);
            }
        }
        if (right > left) (AffectedLeft, AffectedTop, AffectedRight, AffectedBottom) = (left, top, right, bottom);
        else AffectedLeft = AffectedTop = AffectedRight = AffectedBottom = 0;
    }
}
