using System.Globalization;
using System.Text.RegularExpressions;
using ImageAot.Runtime.Hosting;

namespace ImageAot.Benchmarks;

/// <summary>
/// The benchmark image's own suite, scaled by ../shared/peers/make-scaled-bench.py, and
/// `0 tinyBenchmarks`: our two tiers and squeakvm (run-squeakvm.sh on the same scaled image).
/// Figures are milliseconds (median of the rounds) and, for tiny, rates (best of the rounds).
/// </summary>
public static class ScaledSuite
{
    public sealed record Figures(Dictionary<string, double> Interpreter, Dictionary<string, double> Recompiled, Dictionary<string, double>? SqueakVm);

    public static readonly string[] TinyImages = ["squeakjs-benchmark.image", "squeak2-mini.image", "cuis5.0-spur32.image"];

    /// <summary>Writes the scaled copy of squeakjs-benchmark.image into <paramref name="work"/>.</summary>
    public static string MakeImage(string shared, string work)
    {
        var image = Path.Combine(work, "scaled.image");
        var (code, output) = ChildProcess.Run("python3", [Path.Combine(shared, "peers/make-scaled-bench.py"), Path.Combine(shared, "images/squeakjs-benchmark.image"), image], work, 60);
        if (code != 0) throw new InvalidOperationException($"make-scaled-bench.py failed: {output.Trim()}");
        return image;
    }

    /// <summary>Suite entries in both our tiers: ms per entry (median of the rounds), keyed by entry name.</summary>
    public static Figures RunSuite(OurVm ours, string image, int rounds, Dictionary<string, double>? peer)
    {
        var dll = ours.Recompile(image);

        Dictionary<string, double> Tier(string? assembly)
        {
            var ms = new Dictionary<string, double>();
            foreach (var e in BenchmarkSuite.ScaledEntries)
            {
                // One fresh process runs all rounds of an entry.
                var answer = ours.Eval(image, BenchmarkSuite.RoundsExpression(e, rounds), assembly);
                var times = BenchmarkSuite.ParseIntegers(answer) ?? throw new InvalidOperationException($"{e.Name} answered {answer}");
                ms[e.Name] = Stats.Median(times);
                Console.WriteLine($"  {(assembly is null ? "interpreter" : "recompiled"),-12} {e.Name,-9} {ms[e.Name],8:F0} ms");
            }
            return ms;
        }

        return new Figures(Tier(null), Tier(dll), peer);
    }

    /// <summary>
    /// `0 tinyBenchmarks`: bytecodes/s and sends/s, best of the rounds, each round a fresh process
    /// whose figure is its third run (warm, as the C VM's steady state it is compared with).
    /// </summary>
    public static (double Bytecodes, double Sends) RunTiny(OurVm ours, string shared, string work, string image, bool recompiled, int rounds)
    {
        var path = CopyOf(Path.Combine(shared, "images", image), work);
        var dll = recompiled ? ours.Recompile(path) : null;
        double b = 0, s = 0;
        for (var i = 0; i < rounds; i++)
        {
            var answer = ours.Eval(path, "| r | 3 timesRepeat: [r := 0 tinyBenchmarks]. r", dll);
            var r = TinyBenchmarks.Parse(answer) ?? throw new InvalidOperationException($"tinyBenchmarks answered {answer}");
            b = Math.Max(b, r.BytecodesPerSec);
            s = Math.Max(s, r.SendsPerSec);
        }
        return (b, s);
    }

    /// <summary>The C interpreter's run of a benchmark image (run-squeakvm.sh): its ms per entry and its tiny rates (keys "tiny_bytecodes", "tiny_sends").</summary>
    public static Dictionary<string, double> RunPeer(string shared, string image, int timeoutS = 900)
    {
        var (code, output) = ChildProcess.Run("bash", [Path.Combine(shared, "peers/run-squeakvm.sh"), image, timeoutS.ToString(CultureInfo.InvariantCulture)], Path.GetDirectoryName(image)!, timeoutS + 60);
        if (code != 0) throw new InvalidOperationException($"run-squeakvm.sh failed: {output.Trim().Split('\n').Last()}");
        var figures = new Dictionary<string, double>();
        foreach (Match m in Regex.Matches(output, @"^(\w+)_ms\.median\s+([\d.eE+]+)", RegexOptions.Multiline))
            figures[m.Groups[1].Value] = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        foreach (var (key, name) in new[] { ("tiny_bytecodes_per_sec", "tiny_bytecodes"), ("tiny_sends_per_sec", "tiny_sends") })
        {
            var m = Regex.Match(output, key + @"\.median\s+([\d.eE+]+)");
            if (m.Success) figures[name] = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        return figures;
    }

    private static string CopyOf(string image, string work)
    {
        var copy = Path.Combine(work, Path.GetFileName(image));
        if (File.Exists(copy)) return copy;
        CyclesBenchmark.CopyWritable(image, copy);
        return copy;
    }
}
