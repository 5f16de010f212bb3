using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ImageAot.Runtime.Graphics;

/// <summary>
/// Runs of aligned 32-bit pixels under the rules a Morphic redraw spends its time in: paint (25)
/// and alpha blend (24). Sprites and icons are mostly wholly transparent or wholly opaque, so eight
/// pixels at a time are tested for that and skipped or stored whole; only mixed groups go pixel by
/// pixel. The results are those of the rules' own <see cref="IBlitRule.Merge"/>.
/// </summary>
internal static class WordRuns
{
    /// <summary>Whether <see cref="Run"/> has a run for this rule (paint only at 32 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Handles<TRule>(in TRule rule) where TRule : struct, IBlitRule =>
        typeof(TRule) == typeof(AlphaBlendRule)
        || typeof(TRule) == typeof(PaintRule) && Unsafe.As<TRule, PaintRule>(ref Unsafe.AsRef(in rule)).Depth == 32;

    /// <summary>Merges <paramref name="source"/> (each word and'ed with the halftone word) into <paramref name="dest"/>, left to right.</summary>
    public static void Run<TRule>(in TRule rule, ReadOnlySpan<uint> source, Span<uint> dest, uint halftone) where TRule : struct, IBlitRule
    {
        if (typeof(TRule) == typeof(PaintRule)) Paint32(source, dest, halftone);
        else AlphaBlend(source, dest, halftone);
    }

    /// <summary>Rule 25 at 32 bits: a pixel of 0 leaves the destination, any other replaces it.</summary>
    private static void Paint32(ReadOnlySpan<uint> source, Span<uint> dest, uint halftone)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var s0 = ref MemoryMarshal.GetReference(source);
            ref var d0 = ref MemoryMarshal.GetReference(dest);
            var ht = Vector256.Create(halftone);
            for (; i + 8 <= source.Length; i += 8)
            {
                var s = Vector256.LoadUnsafe(ref s0, (nuint)i) & ht;
                var clear = Vector256.Equals(s, Vector256<uint>.Zero);
                if (clear == Vector256<uint>.AllBitsSet) continue;
                var d = Vector256.LoadUnsafe(ref d0, (nuint)i);
                Vector256.ConditionalSelect(clear, d, s).StoreUnsafe(ref d0, (nuint)i);
            }
        }
        for (; i < source.Length; i++)
        {
            var s = source[i] & halftone;
            if (s != 0) dest[i] = s;
        }
    }

    /// <summary>Rule 24: alpha 0 leaves the destination, 255 replaces it, anything between mixes.</summary>
    private static void AlphaBlend(ReadOnlySpan<uint> source, Span<uint> dest, uint halftone)
    {
        var rule = new AlphaBlendRule();
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var s0 = ref MemoryMarshal.GetReference(source);
            ref var d0 = ref MemoryMarshal.GetReference(dest);
            var ht = Vector256.Create(halftone);
            var alpha = Vector256.Create(0xFF000000u);
            for (; i + 8 <= source.Length; i += 8)
            {
                var s = Vector256.LoadUnsafe(ref s0, (nuint)i) & ht;
                var a = s & alpha;
                if (a == Vector256<uint>.Zero) continue;
                if (a == alpha) { s.StoreUnsafe(ref d0, (nuint)i); continue; }
                for (var k = i; k < i + 8; k++) dest[k] = rule.Merge(source[k] & halftone, dest[k], uint.MaxValue);
            }
        }
        for (; i < source.Length; i++) dest[i] = rule.Merge(source[i] & halftone, dest[i], uint.MaxValue);
    }
}
