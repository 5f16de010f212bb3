using System.Diagnostics;
using Xunit;

namespace ImageAot.Tests;

/// <summary>An X server of a test's own (Xvfb) on a free display number, real pointer and key input, and screenshots of it.</summary>
public sealed class XvfbServer : IDisposable
{
    public readonly int Width, Height;
    private readonly Process process;
    public readonly string Display;

    private XvfbServer(Process process, string display, int width, int height)
    {
        this.process = process;
        Display = display;
        Width = width;
        Height = height;
    }

    /// <summary>Fails the test (never skips it) when the X tools are missing.</summary>
    public static void RequireTools()
    {
        foreach (var tool in new[] { "/usr/bin/Xvfb", "/usr/bin/import", "/usr/bin/xdotool", "/usr/bin/gcc" })
            Assert.True(File.Exists(tool), $"{tool} is missing: scripts/setup.sh installs the window tests' tools (xvfb, imagemagick, xdotool, gcc)");
    }

    private static int nextDisplay = 90 + Environment.ProcessId % 200;

    public static XvfbServer Start(int width, int height)
    {
        for (var tries = 0; ; tries++)
        {
            var n = Interlocked.Increment(ref nextDisplay);
            if (File.Exists($"/tmp/.X{n}-lock") || File.Exists($"/tmp/.X11-unix/X{n}")) continue;
            var p = Process.Start(new ProcessStartInfo("Xvfb", $":{n} -screen 0 {width}x{height}x24 -nolisten tcp")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            p.ErrorDataReceived += (_, _) => { };
            p.BeginErrorReadLine();
            var deadline = Environment.TickCount64 + 5000;
            while (Environment.TickCount64 < deadline && !p.HasExited && !File.Exists($"/tmp/.X11-unix/X{n}")) Thread.Sleep(20);
            if (!p.HasExited && File.Exists($"/tmp/.X11-unix/X{n}")) return new XvfbServer(p, $":{n}", width, height);
            if (!p.HasExited) p.Kill();
            p.WaitForExit();
            if (tries > 20) throw new InvalidOperationException("Xvfb did not start");
        }
    }

    /// <summary>Runs an X client on this display and answers its standard output; fails the test if it fails.</summary>
    public string Run(string program, string arguments)
    {
        var output = TryRun(program, arguments, out var err);
        Assert.True(output is not null, $"{program} {arguments}: {err}");
        return output!;
    }

    /// <summary>Runs an X client on this display: its standard output, or null (and its errors) when it fails.</summary>
    public string? TryRun(string program, string arguments, out string errors)
    {
        var psi = new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.Environment["DISPLAY"] = Display;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        errors = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? stdout.Result : null;
    }

    private static readonly Lazy<string> XWarp = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-xwarp").FullName;
        var exe = Path.Combine(dir, "xwarp");
        var source = Path.Combine(TestImages.RepositoryRoot(), "..", "shared", "screens", "xwarp.c");
        using var p = Process.Start(new ProcessStartInfo("gcc", $"-O2 -o {exe} {source} -lX11") { RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "building xwarp: " + err);
        return exe;
    });

    /// <summary>Moves the real pointer (xdotool cannot move Xvfb's core pointer; XWarpPointer can).</summary>
    public void MovePointer(int x, int y) => Run(XWarp.Value, $"{x} {y}");

    public void Click(int button = 1) => Run("xdotool", $"click {button}");

    public void Type(string text) => Run("xdotool", $"type --delay 40 \"{text}\"");

    /// <summary>The whole X screen as RGB bytes.</summary>
    public byte[] Grab()
    {
        var path = Path.Combine(Path.GetTempPath(), $"xvfb-{Environment.ProcessId}-{Guid.NewGuid():N}.rgb");
        try
        {
            Run("import", $"-display {Display} -window root -depth 8 rgb:{path}");
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(Width * Height * 3, bytes.Length);
            return bytes;
        }
        finally
        {
            File.Delete(path);
        }
    }

    public uint PixelAt(byte[] rgb, int x, int y)
    {
        var o = (y * Width + x) * 3;
        return (uint)(rgb[o] << 16 | rgb[o + 1] << 8 | rgb[o + 2]);
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill();
        process.WaitForExit();
        process.Dispose();
    }
}
