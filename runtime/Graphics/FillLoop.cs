using System.Runtime.CompilerServices;

namespace ImageAot.Runtime.Graphics;

/// <summary>
/// The copy loop without a source: each destination word merges with the row's halftone word
/// (all ones without a halftone). Fills, inversions and clears go here.
/// </summary>
internal static class FillLoop
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRule>(Blit b, TRule rule) where TRule : struct, IBlitRule
    {
        var dest = b.Dest;
        var bits = dest.Bits;
        var (first, last, firstMask, lastMask) = RowSpan.Of(b.dx, b.w, dest.Depth, dest.Msb);
        if (RowSpan.IsWholeRows(first, last, firstMask & lastMask, dest.Pitch) && b.HalftoneIsUniform)
        {
            // Whole rows are one run of words: no edges, no per-row work (clearing or filling a form).
            var src = b.HalftoneFor(0);
            var run = bits.AsSpan(b.dy * dest.Pitch, b.h * dest.Pitch);
            if (!TRule.ReadsDestination) run.Fill(rule.Merge(src, 0, uint.MaxValue));
            else
                for (var j = 0; j < run.Length; j++)
                    run[j] = rule.Merge(src, run[j], uint.MaxValue);
            return;
        }
        for (var row = 0; row < b.h; row++)
        {
            var y = b.dy + row;
            var src = b.HalftoneFor(y);
            var rowStart = y * dest.Pitch;
            var i = rowStart + first;
            if (first == last)
            {
                bits[i] = Masked(rule, src, bits[i], firstMask & lastMask);
                continue;
            }
            bits[i] = Masked(rule, src, bits[i], firstMask);
            var middle = last - first - 1;
            if (!TRule.ReadsDestination)
                bits.AsSpan(i + 1, middle).Fill(rule.Merge(src, 0, uint.MaxValue));
            else
                for (var j = i + 1; j < i + 1 + middle; j++)
                    bits[j] = rule.Merge(src, bits[j], uint.MaxValue);
            var e = rowStart + last;
            bits[e] = Masked(rule, src, bits[e], lastMask);
        }
    }

    /// <summary>The merge applied to the masked bits only.</summary>
    internal static uint Masked<TRule>(TRule rule, uint src, uint dst, uint mask) where TRule : struct, IBlitRule =>
        (rule.Merge(src, dst, mask) & mask) | (dst & ~mask);
}

/// <summary>The words a row of pixels occupies, and which bits of its first and last word belong to it.</summary>
internal static class RowSpan
{
    public static (int First, int Last, uint FirstMask, uint LastMask) Of(int x, int width, int depth, bool msb)
    {
        var startBit = x * depth;
        var endBit = (x + width) * depth - 1;
        int s = startBit & 31, e = endBit & 31;
        return msb
            ? (startBit >> 5, endBit >> 5, uint.MaxValue >> s, uint.MaxValue << (31 - e))
            : (startBit >> 5, endBit >> 5, uint.MaxValue << s, uint.MaxValue >> (31 - e));
    }

    /// <summary>
    /// Merges a word of source pixels into the destination word at <paramref name="index"/>. Pixels
    /// outside the mask merge as 0 on both sides and keep their bits, as in the reference VMs (it
    /// matters only to rules that carry between pixels or count whole words).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void Merge<TRule>(TRule rule, uint[] dest, int index, uint source, uint mask) where TRule : struct, IBlitRule
    {
        if (mask == uint.MaxValue)
            dest[index] = rule.Merge(source, TRule.ReadsDestination ? dest[index] : 0, mask);
        else
        {
            var d = dest[index];
            dest[index] = (rule.Merge(source, d & mask, mask) & mask) | (d & ~mask);
        }
    }

    /// <summary>Whether a span covers every bit of every word of its rows, so that consecutive rows are one run of words.</summary>
    public static bool IsWholeRows(int first, int last, uint edgeMasks, int pitch) =>
        first == 0 && last == pitch - 1 && edgeMasks == uint.MaxValue;
}
