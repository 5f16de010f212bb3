using System.Diagnostics;
using System.Text.RegularExpressions;
using ImageAot.Runtime.Display;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Scratch 1.4 on Debian's squeakvm, started as Debian's /usr/bin/scratch starts it (UTF-8
/// encoding, the X11 display, the Scratch plugins' folder before the VM's, the project as the
/// document argument, the private and user folders in HOME), for what the project's Scratch tests
/// compare with: the screen after opening a document, and images that run a script on resume.
/// ../shared/screens/capture.sh photographs only the start-up screen (its document argument is
/// empty), so the screen with a document is taken here the same way: once it has settled, an X
/// refresh makes squeakvm repaint its whole window from the Display before the picture.
/// </summary>
public static partial class ScratchOnSqueakVm
{
    private const string VmDirectory = "/usr/lib/squeak/4.10.2.2614+20120917~dfsg";
    private static readonly string Vm = Path.Combine(VmDirectory, "squeakvm");

    /// <summary>Fails (never skips) when squeakvm or an X tool the screenshots need is missing.</summary>
    public static void RequireTools()
    {
        ReferenceScreens.RequireTools();
        XvfbServer.RequireTools();
    }

    /// <summary>
    /// Runs <paramref name="image"/> without a display until it quits, as an image saved with a
    /// script to run when it resumes does; fails the test when it does not quit within the limit.
    /// </summary>
    public static ProcessResult RunToQuit(string image, TimeSpan limit)
    {
        Assert.True(File.Exists(Vm), $"{Vm} is missing: scripts/setup.sh installs Debian's squeak-vm");
        var home = MakeHome(Path.GetDirectoryName(image)!);
        var run = ProcessRunner.Run(Vm, Arguments("-vm-display-null", image, ""), limit, Environment(home, null),
            cleanEnvironment: true, workingDirectory: Path.GetDirectoryName(image));
        Assert.True(run.ExitCode == 0, $"squeakvm ended with {run.ExitCode}: {run.Stdout}{run.Stderr}");
        return run;
    }

    /// <summary>
    /// Photographs Scratch's window on squeakvm after it opened <paramref name="document"/> (a .sb
    /// file's full path): in <paramref name="workDirectory"/>, a copy of the image beside links to
    /// its companions, and PNG files of the screen. Pixels that change between two refreshed
    /// pictures two seconds apart go into a mask (none so far: Scratch's screen is still before
    /// its green flag).
    /// </summary>
    public static ReferenceScreens.Reference Screenshot(string document, string workDirectory)
    {
        var runDir = Path.Combine(workDirectory, "squeakvm", "usr", "share", "scratch");
        Directory.CreateDirectory(runDir);
        var image = ScratchFiles.CopyImageTo(runDir);
        foreach (var companion in ScratchFiles.Companions)
            File.CreateSymbolicLink(Path.Combine(runDir, Path.GetFileName(companion)), companion);
        var home = MakeHome(Path.Combine(workDirectory, "squeakvm"));
        using var x = XvfbServer.Start(1100, 800);
        var psi = new ProcessStartInfo(Vm) { WorkingDirectory = runDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in Arguments("-vm-display-x11", image, document)) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in Environment(home, x.Display)) psi.Environment[k] = v;
        using var vm = Process.Start(psi)!;
        var output = vm.StandardOutput.ReadToEndAsync();
        var errors = vm.StandardError.ReadToEndAsync();
        try
        {
            var geometry = Settle(x, vm, workDirectory);
            var png = Path.Combine(workDirectory, "squeakvm.png");
            var later = Path.Combine(workDirectory, "squeakvm-later.png");
            RefreshAndGrab(x, geometry, png);
            Thread.Sleep(2000);
            RefreshAndGrab(x, geometry, later);
            var mask = MaskOfChanges(png, later, Path.Combine(workDirectory, "squeakvm.mask.png"));
            return new ReferenceScreens.Reference(png, mask, $"squeakvm window {geometry}, {(mask is null ? "no" : "some")} pixels changing");
        }
        finally
        {
            if (!vm.HasExited) vm.Kill();
            vm.WaitForExit();
            Task.WaitAll(output, errors);
        }
    }

    /// <summary>The command line of /usr/bin/scratch: display module, then image and document.</summary>
    private static string[] Arguments(string display, string image, string document) =>
        ["-encoding", "UTF-8", display, "-plugins", $"/usr/lib/scratch/plugins/:{VmDirectory}/", image, document];

    /// <summary>The environment /usr/bin/scratch sets up, in an otherwise empty one (as capture.sh runs squeakvm).</summary>
    private static Dictionary<string, string> Environment(string home, string? display)
    {
        var env = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/bin:/bin", ["HOME"] = home, ["LANG"] = "C.UTF-8", ["LC_ALL"] = "C.UTF-8",
            ["SQUEAK_FAKEBIGCURSOR"] = "0", ["SQUEAK_SECUREDIR"] = Path.Combine(home, ".scratch", "private"),
            ["SQUEAK_USERDIR"] = Path.Combine(home, "Scratch"), ["DBUS_FATAL_WARNINGS"] = "0",
        };
        if (display is not null) env["DISPLAY"] = display;
        return env;
    }

    /// <summary>A HOME with the folders /usr/bin/scratch creates (the private one readable by its owner only).</summary>
    private static string MakeHome(string parent)
    {
        var home = Path.Combine(parent, "home");
        Directory.CreateDirectory(Path.Combine(home, "Scratch"));
        Directory.CreateDirectory(Path.Combine(home, ".scratch", "private"));
        File.SetUnixFileMode(Path.Combine(home, ".scratch", "private"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return home;
    }

    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(8), MaximumWait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Waits until squeakvm's window exists and its pixels stayed the same over three looks a
    /// second apart, at least <see cref="MinimumWait"/> after the start (the window is briefly
    /// still before the project is read); answers the window's geometry (WxH+X+Y).
    /// </summary>
    private static string Settle(XvfbServer x, Process vm, string workDirectory)
    {
        var clock = Stopwatch.StartNew();
        var look = Path.Combine(workDirectory, "settling.png");
        byte[]? previous = null;
        var same = 0;
        while (true)
        {
            Thread.Sleep(1000);
            if (vm.HasExited) Assert.Fail($"squeakvm ended ({vm.ExitCode}) before its screen settled");
            Assert.True(clock.Elapsed < MaximumWait, $"squeakvm's screen did not settle within {MaximumWait.TotalSeconds} s");
            if (WindowGeometry(x) is not { } geometry) continue;
            Grab(x, geometry, look);
            var current = File.ReadAllBytes(look);
            same = previous is not null && current.AsSpan().SequenceEqual(previous) ? same + 1 : 0;
            previous = current;
            if (same >= 2 && clock.Elapsed >= MinimumWait) return geometry;
        }
    }

    /// <summary>The geometry of squeakvm's top-level window (no window manager: it sits at 0,0), or null before it is mapped.</summary>
    private static string? WindowGeometry(XvfbServer x)
    {
        var match = SqueakWindow().Match(x.Run("xwininfo", "-root -tree"));
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"\(""squeak"" ""Squeak""\)\s+(\d+x\d+\+\d+\+\d+)")]
    private static partial Regex SqueakWindow();

    /// <summary>An Expose of the whole screen (xrefresh) makes squeakvm repaint its window from the Display; then the picture.</summary>
    private static void RefreshAndGrab(XvfbServer x, string geometry, string png)
    {
        x.Run("xrefresh", "");
        Thread.Sleep(1000);
        Grab(x, geometry, png);
    }

    private static void Grab(XvfbServer x, string geometry, string png) =>
        x.Run("import", $"-display {x.Display} -window root -crop {geometry} +repage PNG24:{png}");

    /// <summary>A mask (white = ignore) of the pixels that differ between two pictures, or null when none does.</summary>
    private static string? MaskOfChanges(string first, string second, string maskPath)
    {
        PngReader a = PngReader.Read(first), b = PngReader.Read(second);
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        var mask = new uint[a.Width * a.Height];
        var changed = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            var differs = (a.Pixels[i] & 0xFFFFFF) != (b.Pixels[i] & 0xFFFFFF);
            mask[i] = differs ? 0xFFFFFFFFu : 0xFF000000u;
            if (differs) changed++;
        }
        if (changed == 0) return null;
        PngWriter.Write(maskPath, mask, a.Width, a.Height);
        return maskPath;
    }
}
