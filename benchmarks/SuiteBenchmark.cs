using System.Globalization;

namespace ImageAot.Benchmarks;

/// <summary>
/// `suite`: every speed figure of the "fast on real programs" issue in one sitting, as ratios:
/// the scaled benchmark-image suite and `0 tinyBenchmarks` (both tiers and squeakvm), the AWFY
/// subset on cuis4.1-reduced (both tiers and squeakvm) and cuis5.0-spur32 (both tiers), and the
/// large-code workloads on Cuis 5 (both tiers, each a first run in a fresh process).
/// </summary>
public static class SuiteBenchmark
{
    private static readonly string[] Parts = ["scaled", "tiny", "awfy", "large"];

    /// <summary>Large code: the image's compiler at work, where the JIT's own cost shows.</summary>
    private static readonly (string Name, string Expression)[] LargeCode =
    [
        ("3000 Compiler evaluate:", "Time millisecondsToRun: [1 to: 3000 do: [:i | Compiler evaluate: '3 + ' , i printString]]"),
        ("compileAll Kernel-Numbers", "Time millisecondsToRun: [(SystemOrganization listAtCategoryNamed: #'Kernel-Numbers') do: [:n | (Smalltalk at: n) compileAll. (Smalltalk at: n) class compileAll]]"),
    ];

    public static int Run(string[] args)
    {
        var rounds = IntOption(args, "--rounds", 5);
        var iterations = IntOption(args, "--iterations", 5);
        var scale = DoubleOption(args, "--scale", 1.0);
        var peer = !args.Contains("--no-peer");
        var only = Option(args, "--only")?.Split(',') ?? Parts;
        if (only.Except(Parts).FirstOrDefault() is { } unknown) return Fail($"--only takes {string.Join(",", Parts)}, not {unknown}");

        var repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../.."));
        var shared = Path.GetFullPath(Path.Combine(repo, "../shared"));
        var ours = new OurVm(repo);
        if (!ours.IsBuilt) return Fail($"{ours.Launcher} is missing: dotnet build -c Release");
        if (peer && !File.Exists(ScratchBenchmark.SqueakVm)) return Fail($"{ScratchBenchmark.SqueakVm} is missing: apt-get install squeak-vm (or --no-peer)");
        var work = Directory.CreateTempSubdirectory("imageaot-suite").FullName;
        Console.WriteLine($"work {work}; rounds {rounds}, AWFY iterations {iterations}, scale {scale}, peer {peer}");
        try
        {
            var report = new List<string>();
            // One squeakvm run of the scaled image gives both its suite figures and its tiny rates.
            var scaledImage = only.Contains("scaled") || only.Contains("tiny") ? ScaledSuite.MakeImage(shared, work) : null;
            var cFigures = peer && scaledImage is not null ? ScaledSuite.RunPeer(shared, scaledImage) : null;
            if (only.Contains("scaled")) report.AddRange(ScaledTable(ScaledSuite.RunSuite(ours, scaledImage!, rounds, cFigures)));
            if (only.Contains("tiny")) report.AddRange(TinyTable(ours, shared, work, cFigures));
            if (only.Contains("awfy")) report.AddRange(AwfyTables(ours, shared, work, iterations, scale, peer));
            if (only.Contains("large")) report.AddRange(LargeCodeTable(ours, shared, work, rounds));
            Console.WriteLine();
            foreach (var line in report) Console.WriteLine(line);
            return 0;
        }
        catch (InvalidOperationException e)
        {
            return Fail(e.Message);
        }
        finally
        {
            if (!args.Contains("--keep")) Directory.Delete(work, true);
        }
    }

    private static IEnumerable<string> ScaledTable(ScaledSuite.Figures f)
    {
        yield return "## Scaled benchmark suite (median ms; ratio = squeakvm ms / ours; target: all >= 2, richards >= 5)";
        yield return "| entry | interpreter | recompiled | squeakvm | recompiled vs interpreter | recompiled vs squeakvm |";
        yield return "|---|---|---|---|---|---|";
        foreach (var (name, rec) in f.Recompiled)
        {
            var c = f.SqueakVm?.GetValueOrDefault(name);
            yield return $"| {name} | {f.Interpreter[name]:F0} | {rec:F0} | {Ms(c)} | {f.Interpreter[name] / rec:F2}x | {Ratio(c, rec)} |";
        }
        yield return "";
    }

    private static IEnumerable<string> TinyTable(OurVm ours, string shared, string work, Dictionary<string, double>? peer)
    {
        var lines = new List<string>
        {
            "## 0 tinyBenchmarks (the third run in one process, best of 3 processes; squeakvm on squeakjs-benchmark; target 3x bytecodes/s, 6x sends/s)",
            "| image | tier | bytecodes/s | sends/s | vs squeakvm bytecodes | vs squeakvm sends |",
            "|---|---|---|---|---|---|",
        };
        var cB = peer?.GetValueOrDefault("tiny_bytecodes");
        var cS = peer?.GetValueOrDefault("tiny_sends");
        if (cB is not null) lines.Add($"| squeakjs-benchmark | squeakvm | {cB:E2} | {cS:E2} | 1 | 1 |");
        foreach (var image in ScaledSuite.TinyImages)
        foreach (var recompiled in new[] { false, true })
        {
            var (b, s) = ScaledSuite.RunTiny(ours, shared, work, image, recompiled, 3);
            var tier = recompiled ? "recompiled" : "interpreter";
            Console.WriteLine($"  tiny {image} {tier}: {b:E2} bytecodes/s {s:E2} sends/s");
            lines.Add($"| {Path.GetFileNameWithoutExtension(image)} | {tier} | {b:E2} | {s:E2} | {Ratio(b, cB)} | {Ratio(s, cS)} |");
        }
        lines.Add("");
        return lines;
    }

    private static IEnumerable<string> AwfyTables(OurVm ours, string shared, string work, int iterations, double scale, bool peer)
    {
        var lines = new List<string>();
        foreach (var imageName in new[] { "cuis4.1-reduced.image", "cuis5.0-spur32.image" })
        {
            var image = AwfySuite.Prepare(ours, shared, work, imageName);
            var withPeer = peer && imageName.StartsWith("cuis4.1");
            lines.Add($"## AWFY on {Path.GetFileNameWithoutExtension(imageName)} (median ms per iteration after the first, {iterations} iterations; ratio = other's ms / recompiled ms)");
            lines.Add("| benchmark | inner | interpreter | recompiled | squeakvm | recompiled vs interpreter | recompiled vs squeakvm |");
            lines.Add("|---|---|---|---|---|---|---|");
            var overInterp = new List<double>();
            var overC = new List<double>();
            foreach (var (name, size) in AwfySuite.Benchmarks)
            {
                var inner = AwfySuite.Scaled(name, size, scale);
                var i = AwfySuite.RunOurs(ours, image.Path, null, name, inner, iterations);
                var r = AwfySuite.RunOurs(ours, image.Path, image.Assembly, name, inner, iterations);
                double? c = withPeer ? AwfySuite.RunSqueakVm(image.Path, name, inner, iterations) : null;
                Console.WriteLine($"  awfy {imageName} {name}: interpreter {i:F0} recompiled {r:F0} squeakvm {Ms(c)} ms");
                overInterp.Add(i / r);
                if (c is not null) overC.Add(c.Value / r);
                lines.Add($"| {name} | {inner} | {i:F0} | {r:F0} | {Ms(c)} | {i / r:F2}x | {Ratio(c, r)} |");
            }
            lines.Add($"| geometric mean | | | | | {Stats.GeometricMean(overInterp):F2}x | {(overC.Count > 0 ? $"{Stats.GeometricMean(overC):F2}x" : "-")} |");
            lines.Add("");
        }
        lines.Add("Targets: cuis4.1 recompiled vs squeakvm geometric mean >= 3x, none below 1.5x; cuis5.0 recompiled vs interpreter geometric mean >= 5x.");
        lines.Add("");
        return lines;
    }

    private static IEnumerable<string> LargeCodeTable(OurVm ours, string shared, string work, int rounds)
    {
        var image = Path.Combine(work, "large-cuis5.0-spur32.image");
        CyclesBenchmark.CopyWritable(Path.Combine(shared, "images/cuis5.0-spur32.image"), image);
        CyclesBenchmark.CopyWritable(Path.Combine(shared, "images/cuis5.0-spur32.changes"), Path.ChangeExtension(image, ".changes"));
        var dll = ours.Recompile(image);
        var lines = new List<string>
        {
            $"## Large code on cuis5.0-spur32 (in-image ms of a first run in a fresh process, median of {rounds}; target recompiled >= 2x interpreter)",
            "| workload | interpreter | recompiled | recompiled vs interpreter |",
            "|---|---|---|---|",
        };
        foreach (var (name, expression) in LargeCode)
        {
            double Median(string? assembly) => Stats.Median(Enumerable.Range(0, rounds)
                .Select(_ => double.Parse(ours.Eval(image, expression, assembly), CultureInfo.InvariantCulture)));
            var i = Median(null);
            var r = Median(dll);
            Console.WriteLine($"  large {name}: interpreter {i:F0} recompiled {r:F0} ms");
            lines.Add($"| {name} | {i:F0} | {r:F0} | {i / r:F2}x |");
        }
        lines.Add("");
        return lines;
    }

    private static string Ms(double? ms) => ms is null ? "-" : ms.Value.ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>How many times faster the second figure's VM is, for times (a/b); for rates pass (ours, theirs).</summary>
    private static string Ratio(double? a, double? b) => a is null || b is null || b == 0 ? "-" : $"{a / b:F2}x";

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static double DoubleOption(string[] args, string name, double fallback) =>
        Option(args, name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"suite: {message}");
        return 1;
    }
}
