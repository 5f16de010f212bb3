using System.Runtime.CompilerServices;

namespace ImageAot.Runtime.Graphics;

/// <summary>Blending helpers on 8-bit channels.</summary>
internal static class Channels
{
    /// <summary>
    /// x / 255 for x in 0..255*255, rounded the way Squeak's BitBlt rounds its blends (upwards for
    /// most fractions), so that blended pixels come out as they do in the reference VMs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Div255(uint x) => (x + 255 + ((x + 254) >> 8)) >> 8;

    /// <summary>
    /// <see cref="Div255"/> on the two 16-bit lanes of <paramref name="lanes"/> (bits 0–15 and 16–31)
    /// at once, answering the two bytes in bits 0–7 and 16–23. No lane carries into the other
    /// because every intermediate stays below 65536.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Div255Lanes(uint lanes) =>
        ((lanes + 0x00FF00FF + (((lanes + 0x00FE00FE) >> 8) & 0x00FF00FF)) >> 8) & 0x00FF00FF;

    /// <summary>Weights the four channels of <paramref name="s"/> by <paramref name="a"/> and of <paramref name="d"/> by 255 − a, two channels a multiplication.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mix(uint s, uint d, uint a)
    {
        var rest = 255 - a;
        var redBlue = Div255Lanes((s & 0x00FF00FF) * a + (d & 0x00FF00FF) * rest);
        var alphaGreen = Div255Lanes(((s >> 8) & 0x00FF00FF) * a + ((d >> 8) & 0x00FF00FF) * rest);
        return redBlue | alphaGreen << 8;
    }
}

/// <summary>
/// Rule 24: 32-bit source over destination, weighted by the source pixel's alpha. The result is
/// opaque where the source is (its alpha channel blends as if the source alpha channel were 255).
/// </summary>
public struct AlphaBlendRule : IBlitRule
{
    public static bool ReadsDestination => true;

    public readonly uint Merge(uint s, uint d, uint mask)
    {
        var alpha = s >> 24;
        if (alpha == 0) return d;
        if (alpha == 255) return s;
        return Channels.Mix(s | 0xFF000000, d, alpha);
    }
}

/// <summary>
/// Rules 30 and 31: blend with one alpha for the whole operation (the primitive's argument),
/// on 16- and 32-bit destinations; the paint variant leaves the destination where the source
/// pixel is 0. Shallower destinations are left alone.
/// </summary>
public readonly struct AlphaBlendConstRule(int depth, uint alpha, bool paint) : IBlitRule
{
    public static bool ReadsDestination => true;

    public uint Merge(uint s, uint d, uint mask)
    {
        if (depth == 32) return paint && s == 0 ? d : Channels.Mix(s, d, alpha);
        if (depth != 16) return d;
        var rest = 255 - alpha;
        var result = d;
        for (var p = 0; p < 32; p += 16)
        {
            var sp = (s >> p) & 0xFFFF;
            if (((mask >> p) & 0xFFFF) == 0 || paint && sp == 0) continue;
            var dp = (d >> p) & 0xFFFF;
            uint blended = 0;
            for (var c = 0; c < 15; c += 5)
                blended |= ((((sp >> c) & 31) * alpha + ((dp >> c) & 31) * rest + 254) / 255 & 31) << c;
            result = (result & ~(0xFFFFu << p)) | blended << p;
        }
        return result;
    }
}

/// <summary>
/// Rules 34–36: a 32-bit source whose colour is already multiplied by its alpha, over the
/// destination: source + destination × (1 − source alpha), each channel saturating.
/// </summary>
public struct AlphaBlendScaledRule : IBlitRule
{
    public static bool ReadsDestination => true;

    public readonly uint Merge(uint s, uint d, uint mask)
    {
        var rest = 255 - (s >> 24);
        return Saturate((((d & 0x00FF00FF) * rest) >> 8 & 0x00FF00FF) + (s & 0x00FF00FF))
             | Saturate((((d >> 8) & 0x00FF00FF) * rest >> 8 & 0x00FF00FF) + ((s >> 8) & 0x00FF00FF)) << 8;
    }

    /// <summary>Two 9-bit lane sums (bits 0–8, 16–24) clamped to 255 each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Saturate(uint lanes)
    {
        var overflow = (lanes >> 8) & 0x00010001;
        return (lanes | overflow * 0xFF) & 0x00FF00FF;
    }
}

/// <summary>Rule 40: gives the source's alpha to non-zero 32-bit destination pixels that have none (after a 16-to-32-bit conversion).</summary>
public readonly struct FixAlphaRule(int depth) : IBlitRule
{
    public static bool ReadsDestination => true;

    public uint Merge(uint s, uint d, uint mask) =>
        depth != 32 || d == 0 || (d & 0xFF000000) != 0 ? d : d | (s & 0xFF000000);
}
