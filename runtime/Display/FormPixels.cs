using System.Runtime.Intrinsics;
using ImageAot.Runtime.Graphics;

namespace ImageAot.Runtime.Display;

/// <summary>
/// Turns a rectangle of a form's pixels, at any depth and in either pixel order, into 0xFFRRGGBB
/// pixels: palette colours up to 8 bits, 5-5-5 components shifted up by 3 at 16 bits (as the Unix
/// VM shows them), the low 24 bits at 32. One conversion serves the window and the screenshots.
/// </summary>
public static class FormPixels
{
    /// <summary>Converts <paramref name="area"/> (clipped to the form) into <paramref name="dest"/>, a buffer of the form's width per row.</summary>
    public static void Convert(in Surface form, PixelRect area, uint[] dest, int destStride)
    {
        area = area.Intersect(PixelRect.Sized(form.Width, form.Height));
        if (area.IsEmpty) return;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            var src = form.Bits.AsSpan(y * form.Pitch, form.Pitch);
            var row = dest.AsSpan(y * destStride, destStride);
            switch (form.Depth)
            {
                case 32: Row32(src, row, area.Left, area.Right); break;
                case 16: Row16(src, row, area.Left, area.Right, form.Msb); break;
                case 8: Row8(src, row, area.Left, area.Right, form.Msb); break;
                default: RowIndexed(src, row, area.Left, area.Right, form.Depth, form.Msb); break;
            }
        }
    }

    private static void Row32(ReadOnlySpan<uint> src, Span<uint> row, int left, int right)
    {
        var x = left;
        if (Vector256.IsHardwareAccelerated)
        {
            var opaque = Vector256.Create(0xFF000000u);
            for (; x + 8 <= right; x += 8)
                (Vector256.Create(src.Slice(x, 8)) | opaque).CopyTo(row.Slice(x, 8));
        }
        for (; x < right; x++) row[x] = src[x] | 0xFF000000u;
    }

    private static void Row16(ReadOnlySpan<uint> src, Span<uint> row, int left, int right, bool msb)
    {
        var x = left;
        if ((x & 1) != 0 && x < right) { row[x] = Rgb555(msb ? src[x >> 1] : src[x >> 1] >> 16); x++; }
        // Whole words: both pixels at once, the left one first.
        var shiftLeft = msb ? 16 : 0;
        var shiftRight = 16 - shiftLeft;
        var pairs = row.Slice(x, (right - x) & ~1);
        var words = src.Slice(x >> 1, pairs.Length >> 1);
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            pairs[2 * i] = Rgb555(w >> shiftLeft);
            pairs[2 * i + 1] = Rgb555(w >> shiftRight);
        }
        x += pairs.Length;
        if (x < right) row[x] = Rgb555(msb ? src[x >> 1] >> 16 : src[x >> 1]);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static uint Rgb555(uint p) => 0xFF000000u | ((p & 0x7C00) << 9) | ((p & 0x03E0) << 6) | ((p & 0x001F) << 3);

    /// <summary>8 bits: whole words at a time in the middle of the row (this is the common depth of old images' full redraws).</summary>
    private static void Row8(ReadOnlySpan<uint> src, Span<uint> row, int left, int right, bool msb)
    {
        var palette = SqueakPalette.Argb;
        var x = Math.Min(right, (left + 3) & ~3);
        RowIndexed(src, row, left, x, 8, msb);
        for (; x + 4 <= right; x += 4)
        {
            var w = src[x >> 2];
            if (!msb) w = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(w);
            row[x] = palette[w >> 24];
            row[x + 1] = palette[(w >> 16) & 0xFF];
            row[x + 2] = palette[(w >> 8) & 0xFF];
            row[x + 3] = palette[w & 0xFF];
        }
        RowIndexed(src, row, x, right, 8, msb);
    }

    private static void RowIndexed(ReadOnlySpan<uint> src, Span<uint> row, int left, int right, int depth, bool msb)
    {
        var palette = SqueakPalette.Argb;
        var perWord = 32 / depth;
        var shiftPerWord = depth switch { 1 => 5, 2 => 4, 4 => 3, _ => 2 };
        var mask = (1u << depth) - 1;
        for (var x = left; x < right; x++)
        {
            var slot = x & (perWord - 1);
            var shift = msb ? 32 - depth * (slot + 1) : depth * slot;
            row[x] = palette[(src[x >> shiftPerWord] >> shift) & mask];
        }
    }
}
