using System.Runtime.CompilerServices;

namespace ImageAot.Runtime.Graphics;

/// <summary>A colour map stage the pixel loop is compiled for.</summary>
public interface IPixelMapping
{
    uint Map(uint pixel);
}

/// <summary>Pixels pass unchanged (and are cut to the destination depth).</summary>
public struct NoMapping : IPixelMapping
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly uint Map(uint pixel) => pixel;
}

/// <summary>Only a lookup table: the usual case of 1–8-bit sources drawn on deeper forms.</summary>
public readonly struct TableMapping(uint[] table, uint mask) : IPixelMapping
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Map(uint pixel) => table[pixel & mask];
}

public readonly struct FullMapping(PixelMap map) : IPixelMapping
{
    public uint Map(uint pixel) => map.Map(pixel);
}

/// <summary>
/// The copy loop for everything the word loop cannot do: different depths, a colour map, or
/// different pixel orders. Each destination word is assembled pixel by pixel from the source,
/// mapped, then merged like any other word.
/// </summary>
internal static class PixelCopyLoop
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRule, TMap>(Blit b, TRule rule, TMap map) where TRule : struct, IBlitRule where TMap : struct, IPixelMapping
    {
        var dest = b.Dest;
        var source = b.Source;
        var destBits = dest.Bits;
        var sourceBits = source.Bits;
        var sy = b.sy;
        if (ReferenceEquals(sourceBits, destBits))
        {
            // A colour-mapped copy within one form; pixels are not read in word order here, so work from a copy.
            sourceBits = WordCopyLoop.SnapshotRows(sourceBits, source.Pitch, sy, b.h);
            sy = 0;
        }

        int sd = source.Depth, dd = dest.Depth;
        int sppw = 32 / sd, dppw = 32 / dd;
        uint sourcePixel = source.PixelMask, destPixel = dest.PixelMask;
        // Shifts step through a word from the leftmost pixel; on leaving the word they wrap to the next one.
        var sourceStep = source.Msb ? -sd : sd;
        var sourceWrap = source.Msb ? 32 : -32;
        var sourceFirstShift = source.Msb ? 32 - sd * (1 + b.sx % sppw) : sd * (b.sx % sppw);
        var destStep = dest.Msb ? -dd : dd;
        var destWordStart = dest.Msb ? 32 - dd : 0;
        var destFirstShift = dest.Msb ? 32 - dd * (1 + b.dx % dppw) : dd * (b.dx % dppw);

        var (first, last, firstMask, lastMask) = RowSpan.Of(b.dx, b.w, dd, dest.Msb);
        if (first == last) firstMask &= lastMask;
        var firstCount = Math.Min(b.w, dppw - b.dx % dppw);

        for (var row = 0; row < b.h; row++)
        {
            var y = b.dy + row;
            var ht = b.HalftoneFor(y);
            var si = (sy + row) * source.Pitch + b.sx / sppw;
            var sw = sourceBits[si];
            var ss = sourceFirstShift;
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
                    word |= (map.Map((sw >> ss) & sourcePixel) & destPixel) << ds;
                    ds += destStep;
                    ss += sourceStep;
                    if ((uint)ss > 31)
                    {
                        ss += sourceWrap;
                        si++;
                        sw = si < sourceBits.Length ? sourceBits[si] : 0;
                    }
                }

                RowSpan.Merge(rule, destBits, di, word & ht, mask);
            }
        }
    }
}
