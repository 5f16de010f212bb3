using System.Runtime.CompilerServices;

namespace ImageAot.Runtime.Graphics;

/// <summary>Per-pixel tests on packed words.</summary>
internal static class Pixels
{
    /// <summary>All ones over every pixel of <paramref name="word"/> that is 0, zeros elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ZeroPixels(uint word, int depth)
    {
        uint low, top;
        switch (depth)
        {
            case 1: return ~word;
            case 2: (low, top) = (0x55555555, 0xAAAAAAAA); break;
            case 4: (low, top) = (0x77777777, 0x88888888); break;
            case 8: (low, top) = (0x7F7F7F7F, 0x80808080); break;
            case 16: (low, top) = (0x7FFF7FFF, 0x80008000); break;
            default: return word == 0 ? uint.MaxValue : 0;
        }
        // A pixel's low bits plus all ones there carry into its top bit exactly when one of them
        // is set, and never into the next pixel; so the top bits say which pixels are non-zero.
        var nonZeroTops = (((word & low) + low) | word) & top;
        return ~((nonZeroTops >> (depth - 1)) * ((1u << depth) - 1));
    }
}

/// <summary>Rule 25 (Form paint): source pixels replace destination pixels except where they are 0 (transparent).</summary>
public readonly struct PaintRule(int depth) : IBlitRule
{
    public static bool ReadsDestination => true;

    public int Depth => depth;

    public uint Merge(uint s, uint d, uint mask) => s == 0 ? d : s | (d & Pixels.ZeroPixels(s, depth));
}

/// <summary>Rule 26: destination pixels survive only where the source pixel is 0 (erasing a shape's footprint).</summary>
public readonly struct PixelMaskRule(int depth) : IBlitRule
{
    public static bool ReadsDestination => true;

    public uint Merge(uint s, uint d, uint mask) => d & Pixels.ZeroPixels(s, depth);
}

/// <summary>Rule 38: the destination word with its pixels in reverse order.</summary>
public readonly struct PixelSwapRule(int depth) : IBlitRule
{
    public static bool ReadsDestination => true;

    public uint Merge(uint s, uint d, uint mask)
    {
        if (depth == 32) return d;
        var pixel = (1u << depth) - 1;
        uint result = 0;
        for (int from = 0, to = 32 - depth; to >= 0; from += depth, to -= depth)
            result |= ((d >> from) & pixel) << to;
        return result;
    }
}

/// <summary>Rule 39: destination pixels equal to the source pixel become 0.</summary>
public readonly struct PixelClearRule(int depth) : IBlitRule
{
    public static bool ReadsDestination => true;

    public uint Merge(uint s, uint d, uint mask)
    {
        if (depth == 32) return s == d ? 0 : d;
        var pixel = (1u << depth) - 1;
        var result = d;
        for (var shift = 0; shift < 32; shift += depth)
            if (((s ^ d) >> shift & pixel) == 0) result &= ~(pixel << shift);
        return result;
    }
}
