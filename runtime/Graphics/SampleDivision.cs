namespace ImageAot.Runtime.Graphics;

/// <summary>
/// Division of a smoothing cell's colour sums by its sample count (1 to 16 × 16) without a
/// division instruction: warpBits averages four components a destination pixel, and Scratch warps
/// millions of pixels a second. With r = 2^32 / k + 1, (sum × r) >> 32 equals sum / k for every
/// sum below 2^16 (the error, under sum / 2^32, never reaches the next integer); the sums are at
/// most 255 × 256.
/// </summary>
public static class SampleDivision
{
    public const int MaxSamples = 256;
    public const int MaxSum = 255 * MaxSamples;

    private static readonly ulong[] Reciprocals = Enumerable.Range(0, MaxSamples + 1).Select(k => k == 0 ? 0UL : (1UL << 32) / (ulong)k + 1).ToArray();

    public static ulong Reciprocal(int samples) => Reciprocals[samples];

    /// <summary>sum / k, for the <paramref name="reciprocal"/> of k and 0 ≤ sum ≤ <see cref="MaxSum"/>.</summary>
    public static uint Quotient(int sum, ulong reciprocal) => (uint)(((ulong)sum * reciprocal) >> 32);
}
