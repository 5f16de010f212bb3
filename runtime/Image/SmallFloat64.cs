namespace ImageAot.Runtime.Image;

/// <summary>
/// The 64-bit Spur immediate float encoding: the IEEE bits rotated left by one (sign in
/// bit 0), the exponent rebased by 896 so that 8 exponent bits cover the common range,
/// then shifted over the 3 tag bits.
/// </summary>
public static class SmallFloat64
{
    private const ulong ExponentOffset = 896UL << 53;
    private const ulong Tag = 4;

    public static double Decode(ulong oop)
    {
        var bits = oop >> 3;
        if (bits > 1) bits += ExponentOffset;
        bits = (bits >> 1) | (bits << 63);
        return BitConverter.Int64BitsToDouble((long)bits);
    }

    /// <summary>True when <paramref name="d"/> fits the immediate encoding (±0 or a biased exponent in 897..1150).</summary>
    public static bool CanEncode(double d)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(d);
        var exponent = (int)((bits >> 52) & 0x7FF);
        return (bits << 1) == 0 || exponent is > 896 and < 1151;
    }

    public static ulong Encode(double d)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(d);
        var rotated = (bits << 1) | (bits >> 63);
        if (rotated > 1) rotated -= ExponentOffset;
        return (rotated << 3) | Tag;
    }
}
