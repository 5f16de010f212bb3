using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// The tools in ../shared/screens: capture.sh photographs what an image shows at start-up on
/// Debian's squeakvm under Xvfb, compare.py counts equal pixels between two PNGs. Pictures are
/// made at test time in a temporary folder and deleted afterwards.
/// </summary>
public static partial class ReferenceScreens
{
    public const string SqueakVm = "/usr/lib/squeak/4.10.2.2614+20120917~dfsg/squeakvm";

    public static string ToolsDir => Path.GetFullPath(Path.Combine(TestImages.RepositoryRoot(), "..", "shared", "screens"));

    /// <summary>
    /// Fails (never skips) when a program capture.sh needs is missing, naming the package. Most
    /// come from scripts/setup.sh; xrefresh and Debian's python3 with Pillow and numpy (shots.py)
    /// are named with their packages in case setup.sh has not installed them.
    /// </summary>
    public static void RequireTools()
    {
        (string Program, string Package)[] needed =
        [
            (SqueakVm, "squeak-vm"), ("/usr/bin/Xvfb", "xvfb"), ("xwd", "x11-apps"), ("xwininfo", "x11-utils"),
            ("xdpyinfo", "x11-utils"), ("xrefresh", "x11-xserver-utils"), ("convert", "imagemagick"), ("gcc", "gcc"),
            ("/usr/include/X11/Xlib.h", "libx11-dev"), ("/usr/bin/python3", "python3"),
        ];
        var missing = needed.Where(t => !Exists(t.Program)).Select(t => $"{t.Program} ({t.Package})").ToList();
        if (missing.Count == 0)
        {
            var py = ProcessRunner.Run("/usr/bin/python3", ["-c", "import numpy, PIL"], TimeSpan.FromSeconds(30));
            if (py.ExitCode != 0) missing.Add("numpy and Pillow for /usr/bin/python3 (python3-numpy, python3-pil)");
        }
        Assert.True(missing.Count == 0,
            $"the squeakvm reference screenshots need: {string.Join(", ", missing)}. Run scripts/setup.sh, which installs " +
            "squeak-vm, xvfb, x11-apps, x11-utils, imagemagick, gcc and libx11-dev; capture.sh also needs x11-xserver-utils, " +
            "python3-pil and python3-numpy (apt-get install them if setup.sh did not)");
    }

    private static bool Exists(string program) =>
        program.StartsWith('/')
            ? File.Exists(program)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));

    /// <summary>The reference picture and, when some pixels changed between captures (clocks, cursors), the mask of those.</summary>
    public sealed record Reference(string Png, string? Mask, string Output);

    /// <summary>
    /// Runs capture.sh for <paramref name="imagePath"/> (copied, with <paramref name="extraFiles"/>,
    /// into capture.sh's own scratch folder) and writes NAME.png into <paramref name="outDir"/>.
    /// One run (RUN2=0): with the image's .changes and .sources beside it no dialog shows the VM's
    /// path, so the second run at another VM path would only double the time.
    /// </summary>
    /// <param name="settings">More of capture.sh's environment settings (MODE=scratch and SCRATCH_DIR for Scratch).</param>
    public static Reference Capture(string name, string imagePath, IEnumerable<string> extraFiles, string outDir, IReadOnlyDictionary<string, string>? settings = null)
    {
        ProcessResult Run() => ProcessRunner.Run("bash", [Path.Combine(ToolsDir, "capture.sh"), name, imagePath, outDir], TimeSpan.FromMinutes(3),
            new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
                { ["EXTRA_FILES"] = string.Join(' ', extraFiles), ["RUN2"] = "0", ["DPY"] = FreeDisplay() });
        var run = Run();
        // Exit 3: the display was taken or Xvfb did not answer within capture.sh's 5 s. On a busy
        // 2-core machine that happened twice in a row (CI); try again on another display after a pause.
        for (var attempt = 1; run.ExitCode == 3 && attempt <= 3; attempt++)
        {
            Thread.Sleep(TimeSpan.FromSeconds(2 * attempt));
            run = Run();
        }
        var png = Path.Combine(outDir, name + ".png");
        var output = $"{run.Stdout}{run.Stderr}".Trim();
        Assert.True(run.ExitCode == 0 && File.Exists(png), $"capture.sh {name} failed (exit {run.ExitCode}): {output}");
        var mask = Path.Combine(outDir, name + ".mask.png");
        return new Reference(png, File.Exists(mask) ? mask : null, output);
    }

    private static int nextDisplay = 400 + Environment.ProcessId % 400;

    /// <summary>
    /// An X display number no X server holds (capture.sh refuses one whose lock file exists), a
    /// new one each time so that a server still shutting down is never in the way.
    /// </summary>
    private static string FreeDisplay()
    {
        while (true)
        {
            var n = Interlocked.Increment(ref nextDisplay);
            if (!File.Exists($"/tmp/.X{n}-lock") && !File.Exists($"/tmp/.X11-unix/X{n}")) return ":" + n.ToString(CultureInfo.InvariantCulture);
        }
    }

    public sealed record Comparison(double EqualPercent, bool SameSize, string Output);

    /// <summary>compare.py OURS REF [--mask M] [--diff D]: the percentage of equal pixels outside the mask.</summary>
    public static Comparison Compare(string ours, Reference reference, string? diff = null)
    {
        List<string> args = [Path.Combine(ToolsDir, "compare.py"), ours, reference.Png, "--min", "0"];
        if (reference.Mask is not null) args.AddRange(["--mask", reference.Mask]);
        if (diff is not null) args.AddRange(["--diff", diff]);
        var run = ProcessRunner.Run("python3", args, TimeSpan.FromMinutes(2));
        var match = Percent().Match(run.Stdout);
        Assert.True(run.ExitCode == 0 && match.Success, $"compare.py failed (exit {run.ExitCode}): {run.Stdout}{run.Stderr}");
        return new Comparison(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            !run.Stdout.Contains("sizes differ"), run.Stdout.Trim());
    }

    [GeneratedRegex(@"^([0-9.]+)% equal", RegexOptions.Multiline)]
    private static partial Regex Percent();
}
