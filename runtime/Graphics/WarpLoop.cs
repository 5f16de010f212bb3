namespace ImageAot.Runtime.Graphics;

/// <summary>
/// The loop behind <see cref="Blit.WarpBits"/>. Each destination row walks a line through the
/// source from the left edge of the quadrilateral (p1 to p2) to its right edge (p4 to p3); each
/// destination pixel samples the source at one point, or averages n×n points of its cell. The
/// increments are computed as the reference VMs compute them (integer fixed point, rounded away
/// from zero), so the same pixels are picked.
/// </summary>
internal static class WarpLoop
{
    private const int Fraction = WarpQuad.FractionBits;
    private const long One = 1L << Fraction;

    public static void Run<TRule>(Blit b, TRule rule, WarpQuad q) where TRule : struct, IBlitRule
    {
        var dest = b.Dest;
        var source = b.Source;
        var sourceBits = ReferenceEquals(source.Bits, dest.Bits) ? (uint[])source.Bits.Clone() : source.Bits;
        var rows = Math.Max(b.Height - 1, 1);
        var (pAx, deltaP12x) = Start(q.P1x, q.P2x, rows);
        var (pAy, deltaP12y) = Start(q.P1y, q.P2y, rows);
        var (pBx, deltaP43x) = Start(q.P4x, q.P3x, rows);
        var (pBy, deltaP43y) = Start(q.P4y, q.P3y, rows);
        var skippedRows = b.dy - b.DestY;
        if (skippedRows > 0)
        {
            pAx += skippedRows * deltaP12x;
            pAy += skippedRows * deltaP12y;
            pBx += skippedRows * deltaP43x;
            pBy += skippedRows * deltaP43y;
        }
        var columns = Math.Max(b.Width - 1, 1);
        var skippedColumns = b.dx - b.DestX;

        int dd = dest.Depth, dppw = 32 / dd;
        var destPixel = dest.PixelMask;
        var destStep = dest.Msb ? -dd : dd;
        var destWordStart = dest.Msb ? 32 - dd : 0;
        var destFirstShift = dest.Msb ? 32 - dd * (1 + b.dx % dppw) : dd * (b.dx % dppw);
        var (first, last, firstMask, lastMask) = RowSpan.Of(b.dx, b.w, dd, dest.Msb);
        if (first == last) firstMask &= lastMask;
        var firstCount = Math.Min(b.w, dppw - b.dx % dppw);
        var picker = new Picker(source, sourceBits, b.Rule == 25, b.Map, q);

        for (var row = 0; row < b.h; row++)
        {
            var (sx, xDelta) = Start(pAx, pBx, columns);
            var (sy, yDelta) = Start(pAy, pBy, columns);
            if (skippedColumns > 0)
            {
                sx += skippedColumns * xDelta;
                sy += skippedColumns * yDelta;
            }
            var y = b.dy + row;
            var ht = b.HalftoneFor(y);
            var di = y * dest.Pitch + first;
            var remaining = b.w;
            for (var j = first; j <= last; j++, di++)
            {
                int count, ds;
                uint mask;
                if (j == first) { count = firstCount; ds = destFirstShift; mask = firstMask; }
                else { count = Math.Min(remaining, dppw); ds = destWordStart; mask = j == last ? lastMask : uint.MaxValue; }
                remaining -= count;
                uint word = 0;
                for (var k = 0; k < count; k++)
                {
                    word |= (picker.Pick(sx, sy, xDelta, yDelta, deltaP12x, deltaP12y) & destPixel) << ds;
                    ds += destStep;
                    sx += xDelta;
                    sy += yDelta;
                }
                RowSpan.Merge(rule, dest.Bits, di, word & ht, mask);
            }
            pAx += deltaP12x;
            pAy += deltaP12y;
            pBx += deltaP43x;
            pBy += deltaP43y;
        }
    }

    /// <summary>
    /// The step from <paramref name="from"/> to <paramref name="to"/> in <paramref name="steps"/>
    /// steps, and where to start so that a negative step still ends where a positive one would.
    /// </summary>
    private static (long Start, long Delta) Start(long from, long to, int steps)
    {
        long delta = to > from ? (to - from + One) / (steps + 1) + 1
            : to == from ? 0
            : -((from - to + One) / (steps + 1) + 1);
        return (delta < 0 ? to - steps * delta : from, delta);
    }

    /// <summary>Reads source pixels at fixed-point positions, one or averaged over a cell, and maps them to destination pixels.</summary>
    private readonly struct Picker(Surface source, uint[] bits, bool paint, PixelMap map, WarpQuad q)
    {
        public uint Pick(long sx, long sy, long xDeltaH, long yDeltaH, long xDeltaV, long yDeltaV) =>
            q.Smoothing <= 1 ? (map.Present ? map.Map(At(sx, sy)) : At(sx, sy)) : Smooth(sx, sy, xDeltaH, yDeltaH, xDeltaV, yDeltaV);

        /// <summary>The raw source pixel at a fixed-point position; 0 outside the source.</summary>
        private uint At(long fx, long fy)
        {
            if (fx < 0 || fy < 0) return 0;
            long x = fx >> Fraction, y = fy >> Fraction;
            if (x >= source.Width || y >= source.Height) return 0;
            var depth = source.Depth;
            var ppw = 32 / depth;
            var word = bits[y * source.Pitch + x / ppw];
            var within = (int)(x % ppw);
            var shift = source.Msb ? 32 - depth * (within + 1) : depth * within;
            return (word >> shift) & source.PixelMask;
        }

        /// <summary>
        /// The average colour of n×n samples spread over the destination pixel's cell. Transparent
        /// (0) samples do not count under the paint rule, and a cell mostly transparent stays so.
        /// </summary>
        private uint Smooth(long sx, long sy, long xDeltaH, long yDeltaH, long xDeltaV, long yDeltaV)
        {
            var n = q.Smoothing;
            long xdh = xDeltaH / n, ydh = yDeltaH / n, xdv = xDeltaV / n, ydv = yDeltaV / n;
            long a = 0, r = 0, g = 0, b = 0;
            var samples = 0;
            for (var j = 0; j < n; j++, sx += xdv, sy += ydv)
            {
                long xx = sx, yy = sy;
                for (var k = 0; k < n; k++, xx += xdh, yy += ydh)
                {
                    var pixel = At(xx, yy);
                    if (paint && pixel == 0) continue;
                    samples++;
                    var rgb = source.Depth switch
                    {
                        < 16 => q.SourceMap![pixel],
                        16 => ((pixel & 0x1F) << 3) | ((pixel & 0x3E0) << 6) | ((pixel & 0x7C00) << 9),
                        _ => pixel,
                    };
                    b += rgb & 255;
                    g += (rgb >> 8) & 255;
                    r += (rgb >> 16) & 255;
                    a += rgb >> 24;
                }
            }
            if (samples == 0 || paint && samples < n * n / 2) return 0;
            r /= samples;
            g /= samples;
            b /= samples;
            a /= samples;
            var average = (uint)((a << 24) | (r << 16) | (g << 8) | b);
            return q.SmoothMap.Present ? q.SmoothMap.Map(average) : average;
        }
    }
}
