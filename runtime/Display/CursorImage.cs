namespace ImageAot.Runtime.Display;

/// <summary>
/// A cursor as the image gives it (beCursor): a 1-bit form of up to 16x16 (one word a row, the
/// leftmost pixel in the high bits), an optional mask of the same shape, and the hot spot.
/// Without a mask, set bits are black and the rest transparent, as the Unix VM shows it.
/// </summary>
public sealed record CursorImage(int Width, int Height, uint[] Bits, uint[]? Mask, int HotX, int HotY)
{
    public bool IsSet(int x, int y) => ((Bits[y] >> (31 - x)) & 1) != 0;

    public bool IsOpaque(int x, int y) => Mask is null ? IsSet(x, y) : ((Mask[y] >> (31 - x)) & 1) != 0;

    /// <summary>The cursor as 0xAARRGGBB pixels: set bits black, masked-in clear bits white, the rest transparent.</summary>
    public uint[] ToArgb()
    {
        var p = new uint[Width * Height];
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
                p[y * Width + x] = !IsOpaque(x, y) && !IsSet(x, y) ? 0u : IsSet(x, y) ? 0xFF000000u : 0xFFFFFFFFu;
        return p;
    }
}
