using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ImageAot.Runtime.Image;

/// <summary>Bounds-checked reads of an image file's words in the image's byte order.</summary>
internal sealed class ImageBytes(byte[] data, bool littleEndian)
{
    public readonly byte[] Data = data;
    public readonly bool LittleEndian = littleEndian;
    public int Length => Data.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint U32(long pos)
    {
        if ((ulong)pos > (ulong)(Data.Length - 4)) throw Truncated(pos);
        var span = Data.AsSpan((int)pos, 4);
        return LittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt32BigEndian(span);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong U64(long pos)
    {
        if ((ulong)pos > (ulong)(Data.Length - 8)) throw Truncated(pos);
        var span = Data.AsSpan((int)pos, 8);
        return LittleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(span) : BinaryPrimitives.ReadUInt64BigEndian(span);
    }

    public ushort U16(long pos)
    {
        if ((ulong)pos > (ulong)(Data.Length - 2)) throw Truncated(pos);
        var span = Data.AsSpan((int)pos, 2);
        return LittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(span) : BinaryPrimitives.ReadUInt16BigEndian(span);
    }

    /// <summary>A word of the image's word size, zero-extended.</summary>
    public ulong Word(long pos, int wordSize) => wordSize == 8 ? U64(pos) : U32(pos);

    public byte[] Slice(long pos, long count)
    {
        if (count < 0 || pos < 0 || pos + count > Data.Length) throw Truncated(pos);
        return Data.AsSpan((int)pos, (int)count).ToArray();
    }

    private static ImageFormatException Truncated(long pos) =>
        new($"image is truncated: data needed at byte {pos} lies past the end of the file");
}
