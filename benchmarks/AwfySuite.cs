using System.Globalization;
using System.Text.RegularExpressions;

namespace ImageAot.Benchmarks;

/// <summary>
/// The Are-We-Fast-Yet subset in ../shared/benchmarks/awfy, loaded into a copy of a Cuis image as
/// its README says (converted with som2st.py, filed in and saved by our VM, then recompiled), and
/// run benchmark by benchmark in a fresh process per tier; on squeakvm too when the image is V3.
/// A figure is the median of the iterations after the first (the first includes warm-up).
/// </summary>
public static partial class AwfySuite
{
    /// <summary>Inner sizes that take 1-2 s per iteration on squeakvm here (the README's table).</summary>
    public static readonly (string Name, int Inner)[] Benchmarks =
    [
        ("Bounce", 2000), ("DeltaBlue", 30000), ("Json", 60), ("Mandelbrot", 500),
        ("Permute", 1800), ("Queens", 2000), ("Richards", 40),
    ];

    /// <summary>An inner size scaled for a quicker run; Mandelbrot verifies only 1, 500 and 750, so it keeps its size.</summary>
    public static int Scaled(string name, int inner, double scale) =>
        name == "Mandelbrot" ? inner : Math.Max(1, (int)Math.Round(inner * scale));

    public sealed record Image(string Path, string Assembly);

    /// <summary>Makes the loaded, saved and recompiled copy of <paramref name="imageName"/> in <paramref name="work"/>.</summary>
    public static Image Prepare(OurVm ours, string shared, string work, string imageName)
    {
        var awfy = Path.Combine(shared, "benchmarks/awfy");
        var loadFile = Path.Combine(work, "awfy-load.st");
        if (!File.Exists(loadFile))
        {
            var (code, output) = ChildProcess.Run("python3", [Path.Combine(awfy, "som2st.py"), "--extras", Path.Combine(awfy, "extras.st"), "--out", loadFile, Path.Combine(awfy, "som")], work, 60);
            if (code != 0) throw new InvalidOperationException($"som2st.py failed: {output.Trim()}");
        }
        var script = Path.Combine(work, "awfy-load-and-save.st");
        File.WriteAllText(script, File.ReadAllText(Path.Combine(awfy, "load-and-save.st.in")).Replace("@LOADFILE@", loadFile));

        var image = Path.Combine(work, "awfy-" + imageName);
        CyclesBenchmark.CopyWritable(Path.Combine(shared, "images", imageName), image);
        var changes = Path.Combine(shared, "images", Path.ChangeExtension(imageName, ".changes"));
        if (File.Exists(changes)) CyclesBenchmark.CopyWritable(changes, Path.ChangeExtension(image, ".changes"));
        var (loadCode, loadOutput) = ChildProcess.Run("dotnet", [ours.Launcher, "eval", image, "--file", script, "--interpret-only", "--timeout", "600"], work, 660);
        if (loadCode != 0 || !loadOutput.Contains("'saved'")) throw new InvalidOperationException($"loading AWFY into {imageName} failed: {loadOutput.Trim()}");
        return new Image(image, ours.Recompile(image));
    }

    /// <summary>ms per iteration of one benchmark in one of our tiers (assembly null: the interpreter).</summary>
    public static double RunOurs(OurVm ours, string image, string? assembly, string name, int inner, int iterations)
    {
        var line = ours.Eval(image, $"AwfyHarness run: '{name}' iterations: {iterations} inner: {inner}", assembly);
        return Figure(line, name);
    }

    /// <summary>The same on squeakvm: the saved image resumes in AwfyHarness class>>afterSnapshot and writes its line to a file.</summary>
    public static double RunSqueakVm(string image, string name, int inner, int iterations)
    {
        var dir = Path.GetDirectoryName(image)!;
        var outFile = Path.Combine(dir, $"squeakvm-{name}.txt");
        File.Delete(outFile);
        var (code, output) = ChildProcess.Run(ScratchBenchmark.SqueakVm,
            ["-vm-display-null", "-vm-sound-null", image, outFile, name, iterations.ToString(CultureInfo.InvariantCulture), inner.ToString(CultureInfo.InvariantCulture)], dir, 900);
        if (!File.Exists(outFile)) throw new InvalidOperationException($"squeakvm wrote no result for {name} (exit {code}): {output.Trim()}");
        return Figure(File.ReadAllText(outFile), name);
    }

    private static double Figure(string line, string name)
    {
        var m = ResultLine().Match(line);
        if (!m.Success || m.Groups[1].Value != "true") throw new InvalidOperationException($"{name} did not verify: {line.Trim()}");
        var times = m.Groups[2].Value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();
        return Stats.Median(times.Count > 1 ? times.Skip(1) : times);
    }

    [GeneratedRegex(@"ok=(\w+) ms=([\d,]*)")]
    private static partial Regex ResultLine();
}
