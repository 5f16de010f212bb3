using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Graphics;

/// <summary>
/// A Form's pixels as BitBlt addresses them: rows of whole 32-bit words, 32/depth pixels a word.
/// In the classic (big-endian) order the leftmost pixel of a word sits in its high bits; Spur
/// images mark forms in the little-endian order with a negative depth.
/// </summary>
public readonly struct Surface
{
    public readonly uint[] Bits;
    public readonly int Width, Height, Depth;
    /// <summary>True when the leftmost pixel of a word is in its most significant bits.</summary>
    public readonly bool Msb;
    /// <summary>Words per row.</summary>
    public readonly int Pitch;
    /// <summary>
    /// A form whose bits are a ByteArray (Form new hackBits: aByteArray, as images do to find the
    /// machine's byte order): <see cref="Bits"/> is a copy of its bytes read as words in this
    /// machine's order, which <see cref="WriteBack"/> puts back after a blit.
    /// </summary>
    public readonly BytesObject? ByteBits;

    public Surface(uint[] bits, int width, int height, int depth, bool msb = true, BytesObject? byteBits = null)
    {
        ByteBits = byteBits;
        Bits = bits;
        Width = width;
        Height = height;
        Depth = depth;
        // With one pixel a word the two orders are the same, and treating them as one keeps
        // copies between 32-bit forms of either kind on the word-copy path.
        Msb = msb || depth == 32;
        Pitch = (int)(((long)width * depth + 31) >> 5);
    }

    public int PixelsPerWord => 32 / Depth;

    public uint PixelMask => Depth == 32 ? uint.MaxValue : (1u << Depth) - 1;

    public static bool IsValidDepth(int depth) => depth is 1 or 2 or 4 or 8 or 16 or 32;

    /// <summary>True when the bitmap holds every row the size promises (a form whose bits are short would make the loops read outside it).</summary>
    public bool IsComplete => Bits is not null && (long)Pitch * Height <= Bits.Length;

    /// <summary>
    /// Reads a Form's bits, width, height and depth. False when the object is not a form BitBlt
    /// can address: a hibernated form (bits still compressed in a ByteArray), a surface handle, an
    /// unknown depth, or a bitmap shorter than its extent. The image's fallback code handles those.
    /// </summary>
    public static bool TryRead(Value form, out Surface surface)
    {
        surface = default;
        if (form.Ref is not PointersObject f || f.Slots.Length < 4) return false;
        var s = f.Slots;
        if (!s[1].IsSmallInt || !s[2].IsSmallInt || !s[3].IsSmallInt) return false;
        uint[] words;
        BytesObject? byteBits = null;
        switch (s[0].Ref)
        {
            case WordsObject w: words = w.Words; break;
            case BytesObject b when b.Bytes.Length % 4 == 0 && b.Bytes.Length <= 1 << 20:
                byteBits = b;
                words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(b.Bytes).ToArray();
                break;
            default: return false;
        }
        long width = s[1].SmallIntValue, height = s[2].SmallIntValue, depth = s[3].SmallIntValue;
        if (width is < 0 or > int.MaxValue / 32 || height is < 0 or > int.MaxValue) return false;
        var msb = depth > 0;
        if (!IsValidDepth((int)Math.Abs(Math.Clamp(depth, -64, 64)))) return false;
        surface = new Surface(words, (int)width, (int)height, (int)Math.Abs(depth), msb, byteBits);
        return surface.IsComplete;
    }

    /// <summary>Puts the words of a ByteArray-backed form back into its bytes (nothing for a Bitmap).</summary>
    public void WriteBack()
    {
        if (ByteBits is not null) System.Runtime.InteropServices.MemoryMarshal.AsBytes(Bits.AsSpan()).CopyTo(ByteBits.Bytes);
    }

    /// <summary>The pixel at x@y (0 outside the form).</summary>
    public uint PixelAt(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return 0;
        var ppw = PixelsPerWord;
        var word = Bits[y * Pitch + x / ppw];
        var slot = x % ppw;
        var shift = Msb ? 32 - Depth * (slot + 1) : Depth * slot;
        return (word >> shift) & PixelMask;
    }

    /// <summary>Stores a pixel at x@y (nothing outside the form).</summary>
    public void SetPixelAt(int x, int y, uint pixel)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        var ppw = PixelsPerWord;
        var index = y * Pitch + x / ppw;
        var slot = x % ppw;
        var shift = Msb ? 32 - Depth * (slot + 1) : Depth * slot;
        var mask = PixelMask << shift;
        Bits[index] = Bits[index] & ~mask | (pixel << shift & mask);
    }
}
