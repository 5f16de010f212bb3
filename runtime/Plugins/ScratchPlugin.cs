using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// Scratch 1.4's ScratchPlugin: graphic effects on 32-bit form bits, two sound-buffer helpers and
/// a few desktop services. Scratch calls each from a class-side method of ScratchPlugin, so the
/// receiver (the class) is ignored and the arguments sit at fixed depths; every primitive checks
/// its argument count, kinds and sizes and fails (stack untouched) on anything else, so Scratch's
/// Smalltalk fallbacks run. Effects answer the receiver and write into the output bits.
/// The serial-port and WeDo primitives are deliberately absent: without them Scratch reports no
/// devices, which is the truth here.
/// </summary>
public static class ScratchPlugin
{
    public const string Module = "ScratchPlugin";

    // Scratch's own limits for strings it hands to the OS; longer ones are a caller error.
    private const int MaxPathBytes = 1000;
    private const int MaxUrlBytes = 2000;


    public static void Register(PrimitiveTable t)
    {
        t.AddNamed(Module, "primitiveBlur", Blur);
        t.AddNamed(Module, "primitiveBrightnessShift", (vm, n) => ColourShift(vm, n, ScratchEffects.ShiftBrightness));
        t.AddNamed(Module, "primitiveHueShift", (vm, n) => ColourShift(vm, n, ScratchEffects.ShiftHue));
        t.AddNamed(Module, "primitiveSaturationShift", (vm, n) => ColourShift(vm, n, ScratchEffects.ShiftSaturation));
        t.AddNamed(Module, "primitiveFisheye", (vm, n) => Distortion(vm, n, ScratchEffects.Fisheye));
        t.AddNamed(Module, "primitiveWhirl", (vm, n) => Distortion(vm, n, ScratchEffects.Whirl));
        t.AddNamed(Module, "primitiveDoubleSize", DoubleSize);
        t.AddNamed(Module, "primitiveHalfSizeAverage", (vm, n) => HalfSize(vm, n, ScratchEffects.HalfSizeAverage));
        t.AddNamed(Module, "primitiveHalfSizeDiagonal", (vm, n) => HalfSize(vm, n, ScratchEffects.HalfSizeDiagonal));
        t.AddNamed(Module, "primitiveScale", Scale);
        t.AddNamed(Module, "primitiveInterpolate", Interpolate);
        t.AddNamed(Module, "primitiveWaterRipples1", WaterRipples1);
        t.AddNamed(Module, "primitiveCondenseSound", CondenseSound);
        t.AddNamed(Module, "primitiveExtractChannel", ExtractChannel);
        t.AddNamed(Module, "primitiveOpenURL", OpenUrl);
        t.AddNamed(Module, "primitiveIsHidden", IsHidden);
        t.AddNamed(Module, "primitiveSetUnicodePasteBuffer", SetUnicodePasteBuffer);
        t.AddNamed(Module, "primitiveShortToLongPath", ShortToLongPath);
        t.AddNamed(Module, "primitiveGetFolderPath", GetFolderPath);
        t.AddNamed(Module, "primitiveSetWindowTitle", SetWindowTitle);
    }

    private static uint[]? WordsAt(Interpreter vm, int depth) => vm.Stack(depth).Ref is WordsObject w ? w.Words : null;

    private static bool IntAt(Interpreter vm, int depth, out int value)
    {
        var v = vm.Stack(depth);
        var ok = v.IsSmallInt && v.SmallIntValue is >= int.MinValue and <= int.MaxValue;
        value = ok ? (int)v.SmallIntValue : 0;
        return ok;
    }

    private static byte[]? BytesAt(Interpreter vm, int depth) => vm.Stack(depth).Ref is BytesObject b ? b.Bytes : null;

    // ---- effects on same-sized input and output bits ----

    private delegate void Recolour(ReadOnlySpan<uint> input, Span<uint> output, int amount);

    /// <summary>(in, out, width) — a width that leaves no whole row fails.</summary>
    private static bool Blur(Interpreter vm, int n)
    {
        if (n != 3 || !SameSized(vm, 2, 1, out var input, out var output) || !IntAt(vm, 0, out var width) || width < 1) return false;
        ScratchEffects.Blur(input, output, width);
        return vm.Answer(n, vm.Stack(n));
    }

    /// <summary>(in, out, shift): shift is degrees for hue, -100..100 (percent of the range) for brightness and saturation.</summary>
    private static bool ColourShift(Interpreter vm, int n, Recolour effect)
    {
        if (n != 3 || !SameSized(vm, 2, 1, out var input, out var output) || !IntAt(vm, 0, out var shift)) return false;
        effect(input, output, shift);
        return vm.Answer(n, vm.Stack(n));
    }

    private delegate void Distort(ReadOnlySpan<uint> input, Span<uint> output, int width, int amount);

    /// <summary>(in, out, width, amount): fisheye power (100 = none) or whirl degrees.</summary>
    private static bool Distortion(Interpreter vm, int n, Distort effect)
    {
        if (n != 4 || !SameSized(vm, 3, 2, out var input, out var output)
            || !IntAt(vm, 1, out var width) || width < 1 || !IntAt(vm, 0, out var amount)) return false;
        effect(input, output, width, amount);
        return vm.Answer(n, vm.Stack(n));
    }

    private static bool SameSized(Interpreter vm, int inDepth, int outDepth, out uint[] input, out uint[] output)
    {
        input = WordsAt(vm, inDepth)!;
        output = WordsAt(vm, outDepth)!;
        return input is not null && output is not null && input.Length == output.Length;
    }

    // ---- resizing between forms of their own sizes ----

    /// <summary>A w x h form's bits must hold at least w * h words.</summary>
    private static bool FormAt(Interpreter vm, int depth, out uint[] bits, out int w, out int h)
    {
        bits = WordsAt(vm, depth)!;
        w = h = 0;
        return bits is not null && IntAt(vm, depth - 1, out w) && IntAt(vm, depth - 2, out h)
            && w >= 0 && h >= 0 && (long)w * h <= bits.Length;
    }

    /// <summary>(in, inW, inH, out, outW, outH, dstX, dstY): the doubled image must fit inside out.</summary>
    private static bool DoubleSize(Interpreter vm, int n)
    {
        if (n != 8 || !FormAt(vm, 7, out var input, out var inW, out var inH) || !FormAt(vm, 4, out var output, out var outW, out var outH)
            || !IntAt(vm, 1, out var dstX) || !IntAt(vm, 0, out var dstY)) return false;
        if (dstX < 0 || dstY < 0 || dstX + 2L * inW > outW || dstY + 2L * inH > outH) return false;
        ScratchEffects.DoubleSize(input, inW, inH, output, outW, dstX, dstY);
        return vm.Answer(n, vm.Stack(n));
    }

    private delegate void Halver(ReadOnlySpan<uint> input, int inW, Span<uint> output, int outW,
        int srcX, int srcY, int dstX, int dstY, int dstW, int dstH);

    /// <summary>(in, inW, inH, out, outW, outH, srcX, srcY, dstX, dstY, dstW, dstH): the 2dstW x 2dstH source block and the destination rectangle must lie inside their forms.</summary>
    private static bool HalfSize(Interpreter vm, int n, Halver halve)
    {
        if (n != 12 || !FormAt(vm, 11, out var input, out var inW, out var inH) || !FormAt(vm, 8, out var output, out var outW, out var outH)) return false;
        if (!IntAt(vm, 5, out var srcX) || !IntAt(vm, 4, out var srcY) || !IntAt(vm, 3, out var dstX)
            || !IntAt(vm, 2, out var dstY) || !IntAt(vm, 1, out var dstW) || !IntAt(vm, 0, out var dstH)) return false;
        if (srcX < 0 || srcY < 0 || dstX < 0 || dstY < 0 || dstW < 0 || dstH < 0) return false;
        if (srcX + 2L * dstW > inW || srcY + 2L * dstH > inH || dstX + (long)dstW > outW || dstY + (long)dstH > outH) return false;
        halve(input, inW, output, outW, srcX, srcY, dstX, dstY, dstW, dstH);
        return vm.Answer(n, vm.Stack(n));
    }

    /// <summary>(in, inW, inH, out, outW, outH): each bits object must be exactly its form's size.</summary>
    private static bool Scale(Interpreter vm, int n)
    {
        if (n != 6 || !FormAt(vm, 5, out var input, out var inW, out var inH) || !FormAt(vm, 2, out var output, out var outW, out var outH)) return false;
        if (input.Length != (long)inW * inH || output.Length != (long)outW * outH || inW < 1 || inH < 1 || outW < 1 || outH < 1) return false;
        ScratchEffects.Scale(input, inW, inH, output, outW, outH);
        return vm.Answer(n, vm.Stack(n));
    }

    /// <summary>(bits, width, xFixed, yFixed) — answers the RGB (24 bits, 0 = transparent) at a point with 10 fraction bits.</summary>
    private static bool Interpolate(Interpreter vm, int n)
    {
        if (n != 4 || WordsAt(vm, 3) is not { } bits || !IntAt(vm, 2, out var width) || width < 1
            || !IntAt(vm, 1, out var x) || !IntAt(vm, 0, out var y)) return false;
        var pixel = ScratchEffects.Interpolate(bits, x, y, width, bits.Length / width);
        // Only the colour: with alpha the word could outgrow a 32-bit image's SmallIntegers.
        return vm.Answer(n, (long)(pixel & 0x00FFFFFF));
    }

    /// <summary>(in, out, width, dropNum, heights1, heights2): the two height fields are ByteArrays or word arrays holding one double per pixel.</summary>
    private static bool WaterRipples1(Interpreter vm, int n)
    {
        if (n != 6 || !SameSized(vm, 5, 4, out var input, out var output) || !IntAt(vm, 3, out var width) || width < 1
            || !IntAt(vm, 2, out var dropNum)) return false;
        var pixels = input.Length / width * width;
        var current = DoublesAt(vm, 1);
        var previous = DoublesAt(vm, 0);
        if (current.Length < pixels || previous.Length < pixels || vm.Stack(1).Ref == vm.Stack(0).Ref) return false;
        ScratchEffects.WaterRipples(input, output, width, dropNum, current, previous, Random.Shared);
        return vm.Answer(n, vm.Stack(n));
    }

    private static Span<double> DoublesAt(Interpreter vm, int depth) => vm.Stack(depth).Ref switch
    {
        BytesObject b => MemoryMarshal.Cast<byte, double>(b.Bytes.AsSpan()),
        WordsObject w => MemoryMarshal.Cast<uint, double>(w.Words.AsSpan()),
        _ => Span<double>.Empty,
    };

    // ---- sound buffers (16-bit samples) ----

    private static Span<short> SamplesAt(Interpreter vm, int depth) => vm.Stack(depth).Ref switch
    {
        WordsObject w => MemoryMarshal.Cast<uint, short>(w.Words.AsSpan()),
        ShortsObject s => MemoryMarshal.Cast<ushort, short>(s.Shorts.AsSpan()),
        _ => Span<short>.Empty,
    };

    private static bool IsSampleBuffer(Interpreter vm, int depth) => vm.Stack(depth).Ref is WordsObject or ShortsObject;

    /// <summary>(src, dst, factor): each run of factor samples becomes its peak magnitude, for drawing a sound's outline.</summary>
    private static bool CondenseSound(Interpreter vm, int n)
    {
        if (n != 3 || !IsSampleBuffer(vm, 2) || !IsSampleBuffer(vm, 1) || !IntAt(vm, 0, out var factor) || factor < 1) return false;
        var src = SamplesAt(vm, 2);
        var dst = SamplesAt(vm, 1);
        var count = src.Length / factor;
        if (dst.Length < count) return false;
        for (var i = 0; i < count; i++)
        {
            var peak = 0;
            foreach (var s in src.Slice(i * factor, factor)) peak = Math.Max(peak, Math.Abs((int)s));
            dst[i] = (short)Math.Min(peak, short.MaxValue);
        }
        return vm.Answer(n, vm.Stack(n));
    }

    /// <summary>(stereo, mono, rightFlag): copies one channel of interleaved stereo samples.</summary>
    private static bool ExtractChannel(Interpreter vm, int n)
    {
        if (n != 3 || !IsSampleBuffer(vm, 2) || !IsSampleBuffer(vm, 1)) return false;
        var flag = vm.Stack(0);
        if (flag != vm.Mem.TrueV && flag != vm.Mem.FalseV) return false;
        var stereo = SamplesAt(vm, 2);
        var mono = SamplesAt(vm, 1);
        var frames = stereo.Length / 2;
        if (mono.Length < frames) return false;
        var channel = flag == vm.Mem.TrueV ? 1 : 0;
        for (var i = 0; i < frames; i++) mono[i] = stereo[2 * i + channel];
        return vm.Answer(n, vm.Stack(n));
    }

    // ---- desktop services ----

    private static string? TextAt(Interpreter vm, int depth, int maxBytes)
    {
        if (BytesAt(vm, depth) is not { } bytes || bytes.Length >= maxBytes) return null;
        try { return new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { return Encoding.Latin1.GetString(bytes); }
    }

    private static BytesObject NewText(Interpreter vm, string s) => vm.Mem.NewBytes(vm.Mem.ClassString, Encoding.UTF8.GetBytes(s));

    /// <summary>(url): hands the URL to xdg-open without waiting; fails when there is no window (nobody to see a browser) or no xdg-open.</summary>
    private static bool OpenUrl(Interpreter vm, int n)
    {
        if (n != 1 || TextAt(vm, 0, MaxUrlBytes) is not { } url || vm.Screen.Host is null) return false;
        if (FindOnPath("xdg-open") is not { } opener) return false;
        try
        {
            var start = new ProcessStartInfo(opener) { UseShellExecute = false };
            start.ArgumentList.Add(url);
            using var _ = Process.Start(start);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return false;
        }
        return vm.Answer(n, vm.Stack(n));
    }

    private static string? FindOnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>(path): Unix hides a file or folder whose own name starts with a dot.</summary>
    private static bool IsHidden(Interpreter vm, int n)
    {
        if (n != 1 || TextAt(vm, 0, MaxPathBytes) is not { } path) return false;
        var name = Path.GetFileName(path.TrimEnd('/'));
        return vm.Answer(n, name.StartsWith('.') && name is not "." and not "..");
    }

    /// <summary>(utf16Bytes): Scratch's text in UTF-16 (machine order), put on the clipboard that clipboardText reads.</summary>
    private static bool SetUnicodePasteBuffer(Interpreter vm, int n)
    {
        if (n != 1 || BytesAt(vm, 0) is not { } bytes) return false;
        var text = Encoding.Unicode.GetString(bytes, 0, bytes.Length & ~1).TrimEnd('\0').ReplaceLineEndings("\n");
        vm.Screen.WriteClipboard(text);
        return vm.Answer(n, vm.Stack(n));
    }

    /// <summary>(path): short (8.3) names exist only on Windows, so the path is already the long one.</summary>
    private static bool ShortToLongPath(Interpreter vm, int n)
    {
        if (n != 1 || BytesAt(vm, 0) is not { } bytes || bytes.Length >= MaxPathBytes) return false;
        return vm.Answer(n, vm.Mem.NewBytes(vm.Mem.ClassString, (byte[])bytes.Clone()));
    }

    /// <summary>(folderID): 1 home, 2 desktop, 3 documents, 4 pictures, 5 music, each under the user's home; another id fails.</summary>
    private static bool GetFolderPath(Interpreter vm, int n)
    {
        if (n != 1 || !IntAt(vm, 0, out var id) || FolderPath(id) is not { } path) return false;
        return vm.Answer(n, NewText(vm, path));
    }

    public static string? FolderPath(int id)
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home)) return null;
        home = home.TrimEnd('/');
        if (home.Length == 0) home = "/";
        return id switch
        {
            1 => home,
            2 => Path.Combine(home, "Desktop"),
            3 => Path.Combine(home, "Documents"),
            4 => Path.Combine(home, "Pictures"),
            5 => Path.Combine(home, "Music"),
            _ => null,
        };
    }

    /// <summary>(title): the window's title (a headless run keeps it on the screen).</summary>
    private static bool SetWindowTitle(Interpreter vm, int n)
    {
        if (n != 1 || TextAt(vm, 0, MaxPathBytes) is not { } title) return false;
        vm.Screen.Title = title;
        vm.Screen.Host?.SetTitle(title);
        return vm.Answer(n, vm.Stack(n));
    }
}
