using System.Buffers.Binary;

namespace ImageAot.Runtime.Image;

/// <summary>A fixed-size output buffer written in the image's byte order.</summary>
internal sealed class ImageOutput(long size, bool littleEndian)
{
    public readonly byte[] Data = new byte[size];
    public long Pos;

    public void U32(uint v)
    {
        var span = Data.AsSpan((int)Pos, 4);
        if (littleEndian) BinaryPrimitives.WriteUInt32LittleEndian(span, v); else BinaryPrimitives.WriteUInt32BigEndian(span, v);
        Pos += 4;
    }

    public void U64(ulong v)
    {
        var span = Data.AsSpan((int)Pos, 8);
        if (littleEndian) BinaryPrimitives.WriteUInt64LittleEndian(span, v); else BinaryPrimitives.WriteUInt64BigEndian(span, v);
        Pos += 8;
    }

    public void U16(ushort v)
    {
        var span = Data.AsSpan((int)Pos, 2);
        if (littleEndian) BinaryPrimitives.WriteUInt16LittleEndian(span, v); else BinaryPrimitives.WriteUInt16BigEndian(span, v);
        Pos += 2;
    }

    public void Word(ulong v, int wordSize)
    {
        if (wordSize == 8) U64(v); else U32((uint)v);
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Data.AsSpan((int)Pos));
        Pos += bytes.Length;
    }

    /// <summary>Overwrites a word at a fixed offset (header fields).</summary>
    public void PatchWord(long at, ulong v, int wordSize)
    {
        var saved = Pos;
        Pos = at;
        Word(v, wordSize);
        Pos = saved;
    }

    public void Skip(long n) => Pos += n;
}
