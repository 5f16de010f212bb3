using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Map(uint pixel) => map.Map(pixel);
}

/// <summary>
/// 32-bit pixels reduced to 5 bits a component (the implicit conversion to 16 bits, or to index a
/// 32768-entry table), then the table if there is one: <see cref="PixelMap.Map"/> with its shifts
/// and masks as constants. Scratch's touching tests convert the stage like this at every step.
/// </summary>
public readonly struct Rgb32To15Mapping(uint[]? table, uint tableMask) : IPixelMapping
{
    public static bool Fits(in PixelMap m) =>
        m.HasFixedPart && m.RedMask == 0xF80000 && m.GreenMask == 0xF800 && m.BlueMask == 0xF8 && m.AlphaMask == 0
        && m.RedShift == -9 && m.GreenShift == -6 && m.BlueShift == -3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Map(uint pixel)
    {
        var v = ((pixel >> 9) & 0x7C00) | ((pixel >> 6) & 0x3E0) | ((pixel >> 3) & 0x1F);
        if (v == 0 && pixel != 0) v = 1;
        return table is null ? v : table[v & tableMask];
    }
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

        if (dest.Depth == 32 && source.Depth < 32)
        {
            ToWholeWords(b, rule, map, sourceBits, sy);
            return;
        }

        if (source.Depth == 32) Rows<TRule, TMap, WholeWordPixels>(b, rule, map, sourceBits, sy);
        else Rows<TRule, TMap, PackedPixels>(b, rule, map, sourceBits, sy);
    }

    /// <summary>
    /// Each destination word of each row assembled from the source's pixels as <typeparamref name="TWalk"/>
    /// reads them, mapped, then merged. A 32-bit source (Scratch's stage and costumes) needs no
    /// shifting at all, so it has a walk of its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TRule, TMap, TWalk>(Blit b, TRule rule, TMap map, uint[] sourceBits, int sy)
        where TRule : struct, IBlitRule where TMap : struct, IPixelMapping where TWalk : struct, ISourceWalk
    {
        var dest = b.Dest;
        var source = b.Source;
        var destBits = dest.Bits;
        int dd = dest.Depth, dppw = 32 / dd;
        uint destPixel = dest.PixelMask;
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
            var walk = default(TWalk);
            walk.Start(source, sourceBits, sy + row, b.sx);
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
                    word |= (map.Map(walk.Next(sourceBits)) & destPixel) << ds;
                    ds += destStep;
                }

                RowSpan.Merge(rule, destBits, di, word & ht, mask);
            }
        }
    }

    /// <summary>
    /// A shallower source onto 32 bits (icons, masks and 1-bit shapes drawn on a 32-bit Display):
    /// every destination word is one whole pixel, so there are no masks to build. Under paint with
    /// pixel 0 mapping to 0 (transparent), a source word whose remaining pixels are all 0 changes
    /// nothing and is skipped whole: large 1-bit shapes are mostly empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToWholeWords<TRule, TMap>(Blit b, TRule rule, TMap map, uint[] sourceBits, int sy) where TRule : struct, IBlitRule where TMap : struct, IPixelMapping
    {
        var source = b.Source;
        var destBits = b.Dest.Bits;
        var pitch = b.Dest.Pitch;
        int sd = source.Depth, sppw = 32 / sd;
        var sourcePixel = source.PixelMask;
        var (sourceStep, sourceWrap, sourceWordStart, sourceFirstShift) = SourceShifts.Of(source, b.sx);
        var skipsZeroWords = typeof(TRule) == typeof(PaintRule) && map.Map(0) == 0;
        if (sd > 1 && (typeof(TRule) == typeof(PaintRule) || typeof(TRule) == typeof(StoreRule)))
        {
            for (var row = 0; row < b.h; row++)
                PackedRow(typeof(TRule) == typeof(PaintRule), map, sourceBits, (sy + row) * source.Pitch, sd, sourceWordStart, sourceStep, b.sx, b.w, destBits,
                    (b.dy + row) * pitch + b.dx, b.HalftoneFor(b.dy + row), skipsZeroWords);
            return;
        }
        if (sd == 1 && (typeof(TRule) == typeof(PaintRule) || typeof(TRule) == typeof(StoreRule)) && Vector256.IsHardwareAccelerated)
        {
            uint zero = map.Map(0), one = map.Map(1);
            for (var row = 0; row < b.h; row++)
                OneBitRow(rule, sourceBits, (sy + row) * source.Pitch, source.Msb, b.sx, b.w, destBits, (b.dy + row) * pitch + b.dx,
                    zero, one, b.HalftoneFor(b.dy + row));
            return;
        }

        for (var row = 0; row < b.h; row++)
        {
            var y = b.dy + row;
            var ht = b.HalftoneFor(y);
            var si = (sy + row) * source.Pitch + b.sx / sppw;
            var sw = sourceBits[si];
            var ss = sourceFirstShift;
            var di = y * pitch + b.dx;
            var end = di + b.w;
            while (di < end)
            {
                if (skipsZeroWords && sw == 0)
                {
                    // The pixels left in this source word, all 0: the destination keeps them.
                    di += source.Msb ? ss / sd + 1 : (32 - ss) / sd;
                    si++;
                    sw = si < sourceBits.Length ? sourceBits[si] : 0;
                    ss = sourceWordStart;
                    continue;
                }
                destBits[di] = rule.Merge(map.Map((sw >> ss) & sourcePixel) & ht, TRule.ReadsDestination ? destBits[di] : 0, uint.MaxValue);
                di++;
                ss += sourceStep;
                if ((uint)ss > 31)
                {
                    ss += sourceWrap;
                    si++;
                    sw = si < sourceBits.Length ? sourceBits[si] : 0;
                }
            }
        }
    }

    /// <summary>
    /// How the pixel loops walk a source word: shifts step from the leftmost pixel (Step), wrap
    /// to the next word on leaving this one (Wrap), start a word at WordStart and a row at FirstShift
    /// (the pixel at x = sx).
    /// </summary>
    internal readonly record struct SourceShifts(int Step, int Wrap, int WordStart, int FirstShift)
    {
        public static SourceShifts Of(Surface source, int sx)
        {
            int sd = source.Depth, sppw = 32 / sd;
            return source.Msb
                ? new SourceShifts(-sd, 32, 32 - sd, 32 - sd * (1 + sx % sppw))
                : new SourceShifts(sd, -32, 0, sd * (sx % sppw));
        }
    }

    /// <summary>
    /// One row of a 2- to 16-bit source stored or painted onto 32 bits, a source word at a time with
    /// the shifts counted in the inner loop (Scratch's 4-bit costumes, painted on the stage every step).
    /// Under paint a pixel mapped to 0 leaves the destination, and a source word of 0 is skipped whole
    /// when 0 maps to 0 (<paramref name="skipZeroWords"/>).
    /// </summary>
    /// <param name="first">The shift of a word's first pixel, <paramref name="step"/> from one pixel to the next (<see cref="SourceShifts"/>).</param>
    private static void PackedRow<TMap>(bool paint, TMap map, uint[] source, int sourceRow, int sd, int first, int step, int sx, int w, uint[] dest, int di,
        uint halftone, bool skipZeroWords) where TMap : struct, IPixelMapping
    {
        int sppw = 32 / sd;
        var pixelMask = (1u << sd) - 1;
        uint Pixel(int px)
        {
            var word = source[sourceRow + px / sppw];
            return map.Map((word >> (first + step * (px % sppw))) & pixelMask) & halftone;
        }
        void Put(int at, uint p)
        {
            if (!paint || p != 0) dest[at] = p;
        }
        var x = 0;
        for (; x < w && (sx + x) % sppw != 0; x++) Put(di + x, Pixel(sx + x));
        for (; x + sppw <= w; x += sppw)
        {
            var word = source[sourceRow + (sx + x) / sppw];
            if (skipZeroWords && word == 0) continue;
            var at = di + x;
            for (int k = 0, shift = first; k < sppw; k++, shift += step)
                Put(at + k, map.Map((word >> shift) & pixelMask) & halftone);
        }
        for (; x < w; x++) Put(di + x, Pixel(sx + x));
    }

    /// <summary>
    /// One row of a 1-bit source (its two colours <paramref name="zero"/> and <paramref name="one"/>
    /// after mapping) stored or painted onto 32 bits: eight pixels, one source byte, at a time.
    /// </summary>
    private static void OneBitRow<TRule>(TRule rule, uint[] source, int sourceRow, bool msb, int sx, int w, uint[] dest, int di,
        uint zero, uint one, uint halftone) where TRule : struct, IBlitRule
    {
        var paint = typeof(TRule) == typeof(PaintRule);
        uint Pixel(int px)
        {
            var word = source[sourceRow + (px >> 5)];
            var bit = msb ? (word >> (31 - (px & 31))) & 1 : (word >> (px & 31)) & 1;
            return (bit != 0 ? one : zero) & halftone;
        }
        var x = 0;
        for (; x < w && ((sx + x) & 7) != 0; x++) dest[di + x] = rule.Merge(Pixel(sx + x), dest[di + x], uint.MaxValue);

        var lanes = msb ? Vector256.Create(128u, 64, 32, 16, 8, 4, 2, 1) : Vector256.Create(1u, 2, 4, 8, 16, 32, 64, 128);
        var ones = Vector256.Create(one & halftone);
        var zeros = Vector256.Create(zero & halftone);
        var nothingForZeros = paint && (zero & halftone) == 0;
        ref var d0 = ref MemoryMarshal.GetArrayDataReference(dest);
        for (; x + 8 <= w; x += 8)
        {
            var px = sx + x;
            var word = source[sourceRow + (px >> 5)];
            var bits = msb ? (word >> (24 - (px & 31))) & 0xFF : (word >> (px & 31)) & 0xFF;
            if (bits == 0 && nothingForZeros) continue;
            var set = Vector256.Equals(Vector256.Create(bits) & lanes, lanes);
            var s = Vector256.ConditionalSelect(set, ones, zeros);
            var at = (nuint)(di + x);
            if (paint) s = Vector256.ConditionalSelect(Vector256.Equals(s, Vector256<uint>.Zero), Vector256.LoadUnsafe(ref d0, at), s);
            s.StoreUnsafe(ref d0, at);
        }
        for (; x < w; x++) dest[di + x] = rule.Merge(Pixel(sx + x), dest[di + x], uint.MaxValue);
    }
}

/// <summary>Reads a row of source pixels left to right, one per <see cref="Next"/>.</summary>
internal interface ISourceWalk
{
    void Start(Surface source, uint[] bits, int row, int sx);
    uint Next(uint[] bits);
}

/// <summary>32-bit pixels: each is a word.</summary>
internal struct WholeWordPixels : ISourceWalk
{
    private int index;

    public void Start(Surface source, uint[] bits, int row, int sx) => index = row * source.Pitch + sx;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Next(uint[] bits) => bits[index++];
}

/// <summary>
/// Pixels packed several to a word, in either order: a shift steps from pixel to pixel and wraps to
/// the next word on leaving this one. Past the array's end (the last row's last word) it reads 0.
/// </summary>
internal struct PackedPixels : ISourceWalk
{
    private int index, shift, step, wrap;
    private uint word, pixel;

    public void Start(Surface source, uint[] bits, int row, int sx)
    {
        (step, wrap, _, shift) = PixelCopyLoop.SourceShifts.Of(source, sx);
        index = row * source.Pitch + sx / source.PixelsPerWord;
        word = bits[index];
        pixel = source.PixelMask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Next(uint[] bits)
    {
        var p = (word >> shift) & pixel;
        shift += step;
        if ((uint)shift > 31)
        {
            shift += wrap;
            index++;
            word = index < bits.Length ? bits[index] : 0;
        }
        return p;
    }
}
