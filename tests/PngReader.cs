using System.Buffers.Binary;
using System.IO.Compression;

namespace ImageAot.Tests;

/// <summary>
/// A small PNG reader for tests: 8-bit RGB or RGBA, non-interlaced, any of the five row filters.
/// Enough to read back the launcher's screenshots (and capture.sh's references) pixel by pixel.
/// </summary>
public sealed class PngReader
{
    public int Width { get; }
    public int Height { get; }
    /// <summary>Width × Height pixels, row by row, as 0xAARRGGBB (alpha 255 for RGB files).</summary>
    public uint[] Pixels { get; }

    public uint this[int x, int y] => Pixels[y * Width + x];

    /// <summary>The pixel's colour without alpha, 0xRRGGBB.</summary>
    public uint Rgb(int x, int y) => this[x, y] & 0xFFFFFF;

    private PngReader(int width, int height, uint[] pixels) => (Width, Height, Pixels) = (width, height, pixels);

    public static PngReader Read(string path) => Read(File.ReadAllBytes(path), path);

    public static PngReader Read(byte[] data, string what = "PNG")
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (data.Length < 8 || !data.AsSpan(0, 8).SequenceEqual(signature)) throw new InvalidDataException($"{what}: not a PNG file");
        int width = 0, height = 0, channels = 0;
        var idat = new MemoryStream();
        for (var pos = 8; pos + 8 <= data.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(data, pos + 4, 4);
            var body = data.AsSpan(pos + 8, length);
            pos += 12 + length;                                  // length, type, body, CRC
            if (type == "IHDR")
            {
                width = (int)BinaryPrimitives.ReadUInt32BigEndian(body);
                height = (int)BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                var (depth, colourType, interlace) = (body[8], body[9], body[12]);
                if (depth != 8 || interlace != 0 || colourType is not (2 or 6))
                    throw new NotSupportedException($"{what}: only 8-bit non-interlaced RGB/RGBA PNGs are read (depth {depth}, colour type {colourType}, interlace {interlace})");
                channels = colourType == 6 ? 4 : 3;
            }
            else if (type == "IDAT") idat.Write(body);
            else if (type == "IEND") break;
        }
        if (channels == 0) throw new InvalidDataException($"{what}: no IHDR chunk");

        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.ReadExactly(raw);

        var pixels = new uint[width * height];
        var prev = new byte[stride];
        var line = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            raw.AsSpan(y * (stride + 1) + 1, stride).CopyTo(line);
            Unfilter(filter, line, prev, channels, what);
            for (var x = 0; x < width; x++)
            {
                var i = x * channels;
                var alpha = channels == 4 ? line[i + 3] : 255u;
                pixels[y * width + x] = alpha << 24 | (uint)line[i] << 16 | (uint)line[i + 1] << 8 | line[i + 2];
            }
            (prev, line) = (line, prev);
        }
        return new PngReader(width, height, pixels);
    }

    /// <summary>Undoes one row's filter in place (PNG spec, section 9): None, Sub, Up, Average, Paeth.</summary>
    private static void Unfilter(byte filter, byte[] line, byte[] prev, int bpp, string what)
    {
        for (var i = 0; i < line.Length; i++)
        {
            int a = i >= bpp ? line[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
            var predictor = filter switch
            {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) >> 1,
                4 => Paeth(a, b, c),
                _ => throw new InvalidDataException($"{what}: bad PNG filter {filter}"),
            };
            line[i] = (byte)(line[i] + predictor);
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
