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
        long xdv = picker.PerSample(deltaP12x), ydv = picker.PerSample(deltaP12y);

        for (var row = 0; row < b.h; row++)
        {
            var (sx, xDelta) = Start(pAx, pBx, columns);
            var (sy, yDelta) = Start(pAy, pBy, columns);
            if (skippedColumns > 0)
            {
                sx += skippedColumns * xDelta;
                sy += skippedColumns * yDelta;
            }
            long xdh = picker.PerSample(xDelta), ydh = picker.PerSample(yDelta);
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
                    word |= (picker.Pick(sx, sy, xdh, ydh, xdv, ydv) & destPixel) << ds;
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
    /// <remarks>
    /// Everything the per-pixel read needs is worked out once here: a pixel's word and place come
    /// from shifts and masks (pixels a word is a power of two), not the divisions that made this
    /// loop a third of a turbo Scratch project's time (WeatherSimulation's rotated sprites).
    /// </remarks>
    private readonly struct Picker
    {
        private readonly uint[] bits;
        private readonly long width, height;
        private readonly int pitch, depth, wordShift, withinMask, smoothing;
        private readonly bool msb, paint, mapped;
        private readonly uint pixelMask;
        private readonly PixelMap map;
        private readonly WarpQuad q;

        public Picker(Surface source, uint[] bits, bool paint, PixelMap map, WarpQuad q)
        {
            this.bits = bits;
            this.paint = paint;
            this.map = map;
            this.q = q;
            width = source.Width;
            height = source.Height;
            pitch = source.Pitch;
            depth = source.Depth;
            msb = source.Msb;
            pixelMask = source.PixelMask;
            var perWord = 32 / depth;
            wordShift = System.Numerics.BitOperations.Log2((uint)perWord);
            withinMask = perWord - 1;
            smoothing = q.Smoothing;
            mapped = map.Present;
        }

        /// <summary>The destination pixel at a position; the deltas (for smoothing) are already divided by the cell size.</summary>
        public uint Pick(long sx, long sy, long xdh, long ydh, long xdv, long ydv) =>
            smoothing <= 1 ? (mapped ? map.Map(At(sx, sy)) : At(sx, sy)) : Smooth(sx, sy, xdh, ydh, xdv, ydv);

        /// <summary>A step of a row or of the quadrilateral's side divided into the sub-steps of a smoothing cell.</summary>
        public long PerSample(long delta) => smoothing <= 1 ? delta : delta / smoothing;

        /// <summary>The raw source pixel at a fixed-point position; 0 outside the source.</summary>
        private uint At(long fx, long fy)
        {
            if ((fx | fy) < 0) return 0;
            long x = fx >> Fraction, y = fy >> Fraction;
            if (x >= width || y >= height) return 0;
            if (depth == 32) return bits[y * pitch + x];
            var word = bits[y * pitch + (x >> wordShift)];
            var within = (int)x & withinMask;
            var shift = msb ? 32 - depth * (within + 1) : depth * within;
            return (word >> shift) & pixelMask;
        }

        /// <summary>
        /// The average colour of n×n samples spread over the destination pixel's cell. Transparent
        /// (0) samples do not count under the paint rule, and a cell mostly transparent stays so.
        /// </summary>
        private uint Smooth(long sx, long sy, long xdh, long ydh, long xdv, long ydv)
        {
            var n = smoothing;
            int a = 0, r = 0, g = 0, b = 0;   // at most 255 × 16 × 16 each
            var samples = 0;
            for (var j = 0; j < n; j++, sx += xdv, sy += ydv)
            {
                long xx = sx, yy = sy;
                for (var k = 0; k < n; k++, xx += xdh, yy += ydh)
                {
                    var pixel = At(xx, yy);
                    if (paint && pixel == 0) continue;
                    samples++;
                    var rgb = depth switch
                    {
                        < 16 => q.SourceMap![pixel],
                        16 => ((pixel & 0x1F) << 3) | ((pixel & 0x3E0) << 6) | ((pixel & 0x7C00) << 9),
                        _ => pixel,
                    };
                    b += (int)(rgb & 255);
                    g += (int)((rgb >> 8) & 255);
                    r += (int)((rgb >> 16) & 255);
                    a += (int)(rgb >> 24);
                }
            }
            if (samples == 0 || paint && samples < n * n / 2) return 0;
            var reciprocal = SampleDivision.Reciprocal(samples);
            var average = (SampleDivision.Quotient(a, reciprocal) << 24) | (SampleDivision.Quotient(r, reciprocal) << 16)
                | (SampleDivision.Quotient(g, reciprocal) << 8) | SampleDivision.Quotient(b, reciprocal);
            return q.SmoothMap.Present ? q.SmoothMap.Map(average) : average;
        }
    }
}
