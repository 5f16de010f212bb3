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
    /// <remarks>The caller has validated the operation (<see cref="Validate"/>, <see cref="NeedsDithering"/>): only the clipping is done per point.</remarks>
    public void DrawLoop(int xDelta, int yDelta)
    {
        var line = new Line(xDelta, yDelta);
        WithRule(ref line);
    }

    private readonly struct Line(int xDelta, int yDelta) : IRuleUser
    {
        public void Use<TRule>(Blit b, TRule rule) where TRule : struct, IBlitRule => b.DrawLine(rule, xDelta, yDelta);
    }

    private void DrawLine<TRule>(TRule rule, int xDelta, int yDelta) where TRule : struct, IBlitRule
    {
        int stepX = Math.Sign(xDelta), stepY = Math.Sign(yDelta);
        var horizontal = Math.Abs((long)xDelta) > Math.Abs((long)yDelta);
        var major = (int)Math.Min(int.MaxValue, Math.Abs((long)(horizontal ? xDelta : yDelta)));
        var minor = (int)Math.Min(int.MaxValue, Math.Abs((long)(horizontal ? yDelta : xDelta)));
        var readsSource = ReadsSource;
        int left = int.MaxValue, top = int.MaxValue, right = int.MinValue, bottom = int.MinValue;
        var error = major / 2;
        for (var i = 1; i <= major; i++)
        {
            var minorStep = (error -= minor) < 0;
            if (minorStep) error += major;
            if (horizontal) { DestX += stepX; if (minorStep) DestY += stepY; }
            else { DestY += stepY; if (minorStep) DestX += stepX; }
            if (i == major) break;
            if (!Clip(readsSource)) continue;
            Run(rule);
            left = Math.Min(left, dx);
            top = Math.Min(top, dy);
            right = Math.Max(right, dx + w);
            bottom = Math.Max(bottom, dy + h);
        }
        if (right > left) (AffectedLeft, AffectedTop, AffectedRight, AffectedBottom) = (left, top, right, bottom);
        else AffectedLeft = AffectedTop = AffectedRight = AffectedBottom = 0;
    }
}
