using System.Runtime.CompilerServices;

namespace ImageAot.Runtime.Graphics;

/// <summary>Which end of a word the leftmost pixel sits at.</summary>
public interface IBitOrder
{
    /// <summary>
    /// The 32 bits that start <paramref name="shift"/> bits (1–31) into the row's bit stream after
    /// the start of word <paramref name="a"/>, with <paramref name="b"/> the word after it.
    /// </summary>
    static abstract uint Join(uint a, uint b, int shift);
}

public struct MsbFirst : IBitOrder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Join(uint a, uint b, int shift) => (a << shift) | (b >> (32 - shift));
}

public struct LsbFirst : IBitOrder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Join(uint a, uint b, int shift) => (a >> shift) | (b << (32 - shift));
}

/// <summary>
/// The copy loop for a source and destination of the same depth and pixel order without a colour
/// map: the source row is read as a bit stream shifted into line with the destination words, so
/// each destination word costs one merge whatever the depth.
///
/// When source and destination share their bits and overlap, rows go bottom-up if the
/// destination is lower, and words right to left if it is on the same rows further right, so
/// nothing is overwritten before it has been read.
/// </summary>
internal static class WordCopyLoop
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TRule, TOrder>(Blit b, TRule rule) where TRule : struct, IBlitRule where TOrder : struct, IBitOrder
    {
        var dest = b.Dest;
        var source = b.Source;
        var depth = dest.Depth;
        var sourceBits = source.Bits;
        var sy = b.sy;
        var sourcePitch = source.Pitch;
        var shared = ReferenceEquals(sourceBits, dest.Bits);
        if (shared && sourcePitch != dest.Pitch)
        {
            // The same bitmap seen as forms of different widths: no row order is safe, so copy the rows first.
            sourceBits = SnapshotRows(sourceBits, sourcePitch, sy, b.h);
            sy = 0;
            shared = false;
        }
        var bottomUp = shared && b.dy > sy;
        var rightToLeft = shared && b.dy == sy && b.dx > b.sx;

        var (first, last, firstMask, lastMask) = RowSpan.Of(b.dx, b.w, depth, dest.Msb);
        var sourceStart = b.sx * depth;
        var offset = sourceStart - b.dx * depth;         // source bit = destination bit + offset, in row bit streams
        var wordOffset = offset >> 5;                    // floor division, offset may be negative
        var shift = offset & 31;
        var sourceFirst = sourceStart >> 5;
        var sourceLast = (sourceStart + b.w * depth - 1) >> 5;

        if (offset == 0 && sourcePitch == dest.Pitch && b.HalftoneIsUniform && RowSpan.IsWholeRows(first, last, firstMask & lastMask, dest.Pitch))
        {
            WholeRows(b, rule, sourceBits, sy, backward: bottomUp);
            return;
        }

        var row = new RowCopy<TRule, TOrder>
        {
            Rule = rule, Dest = dest.Bits, Source = sourceBits, First = first, Last = last,
            FirstMask = first == last ? firstMask & lastMask : firstMask, LastMask = lastMask,
            WordOffset = wordOffset, Shift = shift, SourceFirst = sourceFirst, SourceLast = sourceLast, RightToLeft = rightToLeft,
        };
        for (var n = 0; n < b.h; n++)
        {
            var r = bottomUp ? b.h - 1 - n : n;
            var y = b.dy + r;
            row.Halftone = b.HalftoneFor(y);
            row.DestRow = y * dest.Pitch;
            row.SourceRow = (sy + r) * sourcePitch;
            if (rightToLeft) row.Backward(); else row.Forward();
        }
    }

    /// <summary>
    /// Whole rows of equally wide forms, aligned: one run of words (copying a form onto another of
    /// its size). Going backward when the destination lies lower in the same bitmap keeps every
    /// source word intact until it has been read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WholeRows<TRule>(Blit b, TRule rule, uint[] sourceBits, int sy, bool backward) where TRule : struct, IBlitRule
    {
        var dest = b.Dest.Bits;
        var ht = b.HalftoneFor(0);
        int di = b.dy * b.Dest.Pitch, si = sy * b.Dest.Pitch, count = b.h * b.Dest.Pitch;
        if (typeof(TRule) == typeof(StoreRule) && ht == uint.MaxValue)
        {
            Array.Copy(sourceBits, si, dest, di, count);
            return;
        }
        if (!backward && WordRuns.Handles(rule))
        {
            WordRuns.Run(rule, sourceBits.AsSpan(si, count), dest.AsSpan(di, count), ht);
            return;
        }
        if (backward)
            for (var j = count - 1; j >= 0; j--)
                dest[di + j] = rule.Merge(sourceBits[si + j] & ht, TRule.ReadsDestination ? dest[di + j] : 0, uint.MaxValue);
        else
        {
            var d = dest.AsSpan(di, count);
            var s = sourceBits.AsSpan(si, count);
            for (var j = 0; j < d.Length; j++)
                d[j] = rule.Merge(s[j] & ht, TRule.ReadsDestination ? d[j] : 0, uint.MaxValue);
        }
    }

    /// <summary>A copy of <paramref name="rows"/> rows starting at <paramref name="firstRow"/>, as rows 0, 1, …</summary>
    internal static uint[] SnapshotRows(uint[] bits, int pitch, int firstRow, int rows)
    {
        var copy = new uint[pitch * rows];
        Array.Copy(bits, firstRow * pitch, copy, 0, rows * pitch);
        return copy;
    }

    private struct RowCopy<TRule, TOrder> where TRule : struct, IBlitRule where TOrder : struct, IBitOrder
    {
        public TRule Rule;
        public uint[] Dest, Source;
        public int First, Last, WordOffset, Shift, SourceFirst, SourceLast;
        public bool RightToLeft;
        public uint FirstMask, LastMask, Halftone;
        public int DestRow, SourceRow;

        /// <summary>
        /// A source word for an edge word of the destination. The copy starts with an empty word before
        /// the row's first source word (its last, going right to left), but past the other end it reads
        /// on into whatever words follow — the next pixels, even the next row — as the reference VMs
        /// do; the mask drops those bits, except that rules whose arithmetic carries from pixel to
        /// pixel (18, 19) and the fringe count of rule 22 see them.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly uint SourceAt(int k)
        {
            if (RightToLeft ? k > SourceLast : k < SourceFirst) return 0;
            var i = SourceRow + k;
            return (uint)i < (uint)Source.Length ? Source[i] : 0;
        }

        /// <summary>The source bits for destination word <paramref name="j"/> of the row, read carefully (for the edge words).</summary>
        private readonly uint AlignedAtEdge(int j)
        {
            var k = j + WordOffset;
            return Shift == 0 ? SourceAt(k) : TOrder.Join(SourceAt(k), SourceAt(k + 1), Shift);
        }

        private readonly void MergeEdge(int j, uint mask)
        {
            ref var d = ref Dest[DestRow + j];
            d = FillLoop.Masked(Rule, AlignedAtEdge(j) & Halftone, d, mask);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Forward()
        {
            MergeEdge(First, FirstMask);
            if (First == Last) return;
            var count = Last - First - 1;
            if (count > 0) ForwardMiddle(DestRow + First + 1, SourceRow + First + 1 + WordOffset, count);
            MergeEdge(Last, LastMask);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Backward()
        {
            if (First != Last)
            {
                MergeEdge(Last, LastMask);
                var count = Last - First - 1;
                if (count > 0) BackwardMiddle(DestRow + First + 1, SourceRow + First + 1 + WordOffset, count);
            }
            MergeEdge(First, FirstMask);
        }

        // Inner words lie wholly inside the rectangle, so every source word they join is inside the row: no checks.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void ForwardMiddle(int di, int si, int count)
        {
            var dest = Dest;
            var source = Source;
            var ht = Halftone;
            var end = di + count;
            if (Shift == 0)
            {
                if (!TRule.ReadsDestination && ht == uint.MaxValue && typeof(TRule) == typeof(StoreRule))
                {
                    Array.Copy(source, si, dest, di, count);
                    return;
                }
                if (WordRuns.Handles(Rule))
                {
                    WordRuns.Run(Rule, source.AsSpan(si, count), dest.AsSpan(di, count), ht);
                    return;
                }
                for (; di < end; di++, si++)
                    dest[di] = Rule.Merge(source[si] & ht, TRule.ReadsDestination ? dest[di] : 0, uint.MaxValue);
                return;
            }
            var shift = Shift;
            var previous = source[si];
            for (; di < end; di++)
            {
                var next = source[++si];
                var s = TOrder.Join(previous, next, shift) & ht;
                previous = next;
                dest[di] = Rule.Merge(s, TRule.ReadsDestination ? dest[di] : 0, uint.MaxValue);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void BackwardMiddle(int di, int si, int count)
        {
            var dest = Dest;
            var source = Source;
            var ht = Halftone;
            var d = di + count - 1;
            var s = si + count - 1;
            if (Shift == 0)
            {
                if (!TRule.ReadsDestination && ht == uint.MaxValue && typeof(TRule) == typeof(StoreRule))
                {
                    Array.Copy(source, si, dest, di, count);   // Array.Copy handles the overlap itself
                    return;
                }
                for (; d >= di; d--, s--)
                    dest[d] = Rule.Merge(source[s] & ht, TRule.ReadsDestination ? dest[d] : 0, uint.MaxValue);
                return;
            }
            var shift = Shift;
            var next = source[s + 1];
            for (; d >= di; d--, s--)
            {
                var previous = source[s];
                var word = TOrder.Join(previous, next, shift) & ht;
                next = previous;
                dest[d] = Rule.Merge(word, TRule.ReadsDestination ? dest[d] : 0, uint.MaxValue);
            }
        }
    }
}
