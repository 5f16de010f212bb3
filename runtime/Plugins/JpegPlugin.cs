using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Graphics;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;
using SkiaSharp;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// JPEGReadWriter2Plugin: JPEG images to and from 16- and 32-bit forms, and 8-bit gray forms as
/// grayscale JPEGs (Scratch keeps costumes as JPEG; Squeak's and Cuis' JPEGReadWriter2 and
/// Scratch's FastJPEG call it), decoded and encoded by Skia.
/// The image hands the plugin ByteArrays to use as libjpeg's state structures; here they only
/// carry what the header said (width, height, components), so their sizes are ours to choose.
/// Dithering to 16 bits is plain truncation, and progressive output is written as baseline.
/// </summary>
public static class JpegPlugin
{
    public const string Module = "JPEGReadWriter2Plugin";
    private const int StateBytes = 16;

    public static void Register(PrimitiveTable t)
    {
        t.AddNamed(Module, "primJPEGPluginIsPresent", (vm, n) => n == 0 && vm.Answer(0, vm.Mem.TrueV));
        t.AddNamed(Module, "primSupports8BitGrayscaleJPEGs", (vm, n) => n == 0 && vm.Answer(0, vm.Mem.TrueV));
        t.AddNamed(Module, "primJPEGCompressStructSize", (vm, n) => n == 0 && vm.Answer(0, Value.SmallInt(StateBytes)));
        t.AddNamed(Module, "primJPEGDecompressStructSize", (vm, n) => n == 0 && vm.Answer(0, Value.SmallInt(StateBytes)));
        t.AddNamed(Module, "primJPEGErrorMgr2StructSize", (vm, n) => n == 0 && vm.Answer(0, Value.SmallInt(StateBytes)));
        t.AddNamed(Module, "primJPEGReadHeaderfromByteArrayerrorMgr", ReadHeader);
        t.AddNamed(Module, "primImageWidth", (vm, n) => HeaderField(vm, n, 0));
        t.AddNamed(Module, "primImageHeight", (vm, n) => HeaderField(vm, n, 4));
        t.AddNamed(Module, "primImageNumComponents", (vm, n) => HeaderField(vm, n, 8));
        t.AddNamed(Module, "primJPEGReadImagefromByteArrayonFormdoDitheringerrorMgr", ReadImage);
        t.AddNamed(Module, "primJPEGWriteImageonByteArrayformqualityprogressiveJPEGerrorMgr", WriteImage);
    }

    private static byte[]? State(Value v) => v.Ref is BytesObject { Bytes.Length: >= StateBytes } b ? b.Bytes : null;

    private static byte[]? Data(Value v) => v.Ref is BytesObject { Bytes.Length: > 0 } b ? b.Bytes : null;

    /// <summary>
    /// (decompressState, jpegBytes, errorState): reads the header into the state. Bytes that are
    /// not a readable JPEG leave width, height and components 0 and the primitive succeeds, as the
    /// C plugin does: it swallows libjpeg's errors after zeroing the structure, and the image's
    /// code (Scratch's FastJPEG) never expects a failure. Empty bytes leave the state alone.
    /// </summary>
    private static bool ReadHeader(Interpreter vm, int n)
    {
        if (n != 3 || State(vm.Stack(2)) is not { } state || vm.Stack(1).Ref is not BytesObject source) return false;
        if (source.Bytes.Length == 0) return vm.Answer(3, vm.Stack(3));
        using var codec = SKCodec.Create(new SKMemoryStream(source.Bytes));
        var readable = codec is not null && codec.EncodedFormat == SKEncodedImageFormat.Jpeg;
        BitConverter.TryWriteBytes(state.AsSpan(0), readable ? codec!.Info.Width : 0);
        BitConverter.TryWriteBytes(state.AsSpan(4), readable ? codec!.Info.Height : 0);
        BitConverter.TryWriteBytes(state.AsSpan(8), !readable ? 0 : codec!.Info.ColorType == SKColorType.Gray8 ? 1 : 3);
        return vm.Answer(3, vm.Stack(3));
    }

    private static bool HeaderField(Interpreter vm, int n, int offset) =>
        n == 1 && State(vm.Stack(0)) is { } state && vm.Answer(1, Value.SmallInt(BitConverter.ToInt32(state, offset)));

    /// <summary>
    /// (decompressState, jpegBytes, form, dither, errorState): decodes into a 32- or 16-bit form, or
    /// an 8-bit one as gray levels. Fails, as the C plugin does, when the form's size is not the
    /// header's or there are no bytes; data that does not decode leaves the form as it was and
    /// succeeds (libjpeg's errors end the C plugin's decoding quietly).
    /// </summary>
    private static bool ReadImage(Interpreter vm, int n)
    {
        if (n != 5 || State(vm.Stack(4)) is not { } state || Data(vm.Stack(3)) is not { } data || !Surface.TryRead(vm.Stack(2), out var form)) return false;
        if (form.Depth is not (32 or 16 or 8)) return false;
        int width = BitConverter.ToInt32(state, 0), height = BitConverter.ToInt32(state, 4);
        if (form.Width != width || form.Height != height) return false;
        using var bitmap = width == 0 || height == 0 ? null : Decode(data);
        if (bitmap is null || bitmap.Width != width || bitmap.Height != height) return vm.Answer(5, vm.Stack(5));
        var pixels = bitmap.Pixels;
        for (var y = 0; y < form.Height; y++)
            for (var x = 0; x < form.Width; x++)
                form.SetPixelAt(x, y, FormPixel(pixels[y * form.Width + x], form.Depth));
        form.WriteBack();
        return vm.Answer(5, vm.Stack(5));
    }

    private static uint FormPixel(SKColor c, int depth)
    {
        switch (depth)
        {
            case 32: return 0xFF000000u | (uint)c.Red << 16 | (uint)c.Green << 8 | c.Blue;
            case 8: return (uint)((c.Red * 77 + c.Green * 150 + c.Blue * 29) >> 8);
            default:
                // 0 is transparent in a 16-bit form: black stays visible as the darkest non-zero pixel.
                var p = (uint)(c.Red >> 3) << 10 | (uint)(c.Green >> 3) << 5 | (uint)(c.Blue >> 3);
                return p == 0 ? 1 : p;
        }
    }

    private static SKBitmap? Decode(byte[] data)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(data));
        if (codec is null) return null;
        var bitmap = new SKBitmap(new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Bgra8888, SKAlphaType.Opaque));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput) return bitmap;
        bitmap.Dispose();
        return null;
    }

    /// <summary>(compressState, buffer, form, quality, progressive, errorState): answers the JPEG's length in the buffer, 0 if it does not fit.</summary>
    private static bool WriteImage(Interpreter vm, int n)
    {
        if (n != 6 || vm.Stack(4).Ref is not BytesObject buffer || !Surface.TryRead(vm.Stack(3), out var form) || !vm.Stack(2).IsSmallInt) return false;
        if (form.Depth is not (32 or 16 or 8) || form.Width == 0 || form.Height == 0) return false;
        var quality = (int)Math.Clamp(vm.Stack(2).SmallIntValue < 0 ? 75 : vm.Stack(2).SmallIntValue, 0, 100);
        var bytes = form.Depth == 8 ? EncodeGray(form, quality) : EncodeColour(form, quality);
        if (bytes is null) return false;
        if (bytes.Length > buffer.Bytes.Length) return vm.Answer(6, Value.SmallInt(0));
        bytes.CopyTo(buffer.Bytes, 0);
        return vm.Answer(6, Value.SmallInt(bytes.Length));
    }

    private static byte[]? EncodeColour(Surface form, int quality)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(form.Width, form.Height, SKColorType.Bgra8888, SKAlphaType.Opaque));
        var pixels = new SKColor[form.Width * form.Height];
        for (var y = 0; y < form.Height; y++)
            for (var x = 0; x < form.Width; x++)
            {
                var p = form.PixelAt(x, y);
                pixels[y * form.Width + x] = form.Depth == 32
                    ? new SKColor((byte)(p >> 16), (byte)(p >> 8), (byte)p)
                    : new SKColor((byte)((p >> 10 & 31) << 3), (byte)((p >> 5 & 31) << 3), (byte)((p & 31) << 3));
            }
        bitmap.Pixels = pixels;
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return encoded?.ToArray();
    }

    /// <summary>An 8-bit form's pixels are gray levels (a GrayForm): a one-component JPEG.</summary>
    private static byte[]? EncodeGray(Surface form, int quality)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(form.Width, form.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        var levels = new byte[form.Width * form.Height];
        for (var y = 0; y < form.Height; y++)
            for (var x = 0; x < form.Width; x++)
                levels[y * form.Width + x] = (byte)form.PixelAt(x, y);
        System.Runtime.InteropServices.Marshal.Copy(levels, 0, bitmap.GetPixels(), levels.Length);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return encoded?.ToArray();
    }
}
