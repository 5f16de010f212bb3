namespace ImageAot.Runtime.Image;

/// <summary>
/// Loads an image file into the managed object model. Every way a file can be wrong ends
/// in an <see cref="ImageFormatException"/> with a one-line message.
/// </summary>
public static class ImageReader
{
    private const int MacPrefixBytes = 512;
    private static readonly int[] KnownUnsupported = [6501, 6503, 68000, 68002, 68003, 68004];

    public static SqueakImage Load(string path)
    {
        byte[] data;
        try
        {
            if (Directory.Exists(path)) throw new ImageFormatException($"{path} is a directory, not an image file");
            if (!File.Exists(path)) throw new ImageFormatException($"no such file: {path}");
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFormatException($"cannot read {path}: {e.Message.ReplaceLineEndings(" ")}");
        }
        return Load(data);
    }

    public static SqueakImage Load(byte[] data)
    {
        if (data.Length == 0) throw new ImageFormatException("the file is empty");
        var (format, littleEndian, prefix) = DetectFormat(data);
        var bytes = new ImageBytes(data, littleEndian);
        try
        {
            return format.IsSpur
                ? new SpurHeapReader(bytes, format, prefix).Read()
                : new V3HeapReader(bytes, format, prefix).Read();
        }
        catch (OutOfMemoryException)
        {
            throw new ImageFormatException("image is corrupt: it asks for more memory than its size allows");
        }
    }

    /// <summary>Tries both byte orders, with and without the 512-byte prefix.</summary>
    private static (ImageFormat, bool, int) DetectFormat(byte[] data)
    {
        if (data.Length < 4) throw new ImageFormatException($"not an image: the file has only {data.Length} bytes");
        foreach (var prefix in new[] { 0, MacPrefixBytes })
        {
            if (data.Length < prefix + 4) continue;
            foreach (var little in new[] { true, false })
            {
                var number = (int)new ImageBytes(data, little).U32(prefix);
                if (ImageFormat.IsSupported(number)) return (new ImageFormat(number), little, prefix);
                if (Array.IndexOf(KnownUnsupported, number) >= 0)
                    throw new ImageFormatException($"image format {number} is not supported");
            }
        }
        var first = new ImageBytes(data, true).U32(0);
        throw new ImageFormatException($"not a Squeak image: unknown image format number {first}");
    }
}
