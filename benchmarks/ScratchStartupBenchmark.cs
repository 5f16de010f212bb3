using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ImageAot.Benchmarks;

/// <summary>
/// Start-up of Scratch.image as shipped: milliseconds from process start to the first pixels on the
/// (headless) screen, as the launcher reports them with IMAGEAOT_TRACE_STARTUP=1, with
/// --interpret-only, with the recompiled assembly as the JIT takes it, and with the same assembly
/// with the bodies start-up runs precompiled by crossgen2 (`recompile --r2r`), alternating, median of N. Each runs once first,
/// unmeasured, so that all find their files in the page cache. A run is stopped as soon as the
/// line is printed.
/// </summary>
public static class ScratchStartupBenchmark
{
    private static readonly Regex FirstFrame = new(@"first frame: (\d+) ms");

    public static bool Run(string repo, string work, string launcher, int rounds)
    {
        var dir = Directory.CreateDirectory(Path.Combine(work, "startup")).FullName;
        var image = Path.Combine(dir, "Scratch.image");
        File.Copy(Path.Combine(repo, ".cache/scratch/Scratch.image"), image, true);
        var dll = Path.Combine(dir, "Scratch.dll");
        var sw = Stopwatch.StartNew();
        ImageAot.Recompiler.ImageRecompiler.Recompile(ImageAot.Runtime.Image.ImageReader.Load(image), dll);
        Console.WriteLine($"recompiled the shipped Scratch.image in {sw.Elapsed.TotalSeconds:F0} s");
        var r2r = Path.Combine(dir, "ScratchR2R.dll");
        sw.Restart();
        var (_, precompiled, _) = ImageAot.Recompiler.ImageRecompiler.RecompileForStartup(image, ImageAot.Runtime.Image.ImageReader.Load(image), r2r);
        Console.WriteLine($"recompiled it again as `recompile --r2r` does (the {precompiled} bodies start-up runs precompiled) in {sw.Elapsed.TotalSeconds:F0} s");

        string[] names = ["--interpret-only", "recompiled (JIT)", "recompiled (R2R)"];
        string[][] tiers = [["--interpret-only"], ["--assembly", dll], ["--assembly", r2r]];
        var times = new List<double>[] { [], [], [] };
        for (var round = 0; round <= rounds; round++)
            for (var t = 0; t < tiers.Length; t++)
            {
                if (Once(launcher, image, tiers[t], dir) is not { } ms) return false;
                if (round > 0) times[t].Add(ms);
            }
        var interpreted = Stats.Median(times[0]);
        Console.WriteLine();
        Console.WriteLine($"Scratch.image start-up to the first frame (ms after process start), median of {rounds}; ratio to --interpret-only");
        for (var t = 0; t < tiers.Length; t++)
        {
            var m = Stats.Median(times[t]);
            var each = string.Join(" ", times[t].Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));
            Console.WriteLine($"  {names[t],-18} {m,6:F0} ms {m / interpreted,6:F2}   ({each})");
        }
        return true;
    }

    private static double? Once(string launcher, string image, string[] tier, string dir)
    {
        using var run = ChildProcess.Start("dotnet", [launcher, "run", image, "--headless", "--timeout", "30", .. tier], dir,
            [("IMAGEAOT_TRACE_STARTUP", "1")]);
        run.StopAt(FirstFrame.IsMatch);
        var (_, output) = run.Wait(60);
        var m = FirstFrame.Match(output);
        if (m.Success) return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        Console.Error.WriteLine($"start-up {string.Join(" ", tier)}: no first-frame line\n{output[^Math.Min(2000, output.Length)..]}");
        return null;
    }
}
