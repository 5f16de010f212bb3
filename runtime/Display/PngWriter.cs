using System.Buffers.Binary;
using System.IO.Compression;

namespace ImageAot.Runtime.Display;

/// <summary>Writes 0xFFRRGGBB pixels as a 32-bit (RGBA) PNG, with the BCL's zlib.</summary>
public static class PngWriter
{
    public static void Write(string path, uint[] pixels, int width, int height)
    {
        using var file = File.Create(path);
        Write(file, pixels, width, height);
    }

    public static void Write(Stream output, uint[] pixels, int width, int height)
    {
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;   // bits per channel
        header[9] = 6;   // RGBA
        Chunk(output, "IHDR", header);
        using (var data = new MemoryStream())
        {
            using (var z = new ZLibStream(data, CompressionLevel.Fastest, leaveOpen: true))
            {
                var line = new byte[1 + width * 4];
                for (var y = 0; y < height; y++)
                {
                    line[0] = 0;   // no filter
                    for (var x = 0; x < width; x++)
                    {
                        var p = pixels[y * width + x];
                        var o = 1 + x * 4;
                        line[o] = (byte)(p >> 16);
                        line[o + 1] = (byte)(p >> 8);
                        line[o + 2] = (byte)p;
                        line[o + 3] = (byte)(p >> 24);
                    }
                    z.Write(line);
                }
            }
            Chunk(output, "IDAT", data.ToArray());
        }
        Chunk(output, "IEND", []);
    }

    /// <summary>One PNG chunk: length, type, data, CRC (also how tests build damaged PNGs).</summary>
    public static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    private static readonly uint[] CrcTable = MakeCrcTable();

    private static uint[] MakeCrcTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }
}
