using System.Globalization;

namespace ImageAot.Benchmarks;

/// <summary>
/// `idle [--warm W] [--seconds S] [--rounds N]`: how much of a core an image left alone uses:
/// Cuis 5.0's world and Scratch at rest (its saved UI, no project running), started as a user
/// would (no script), in our interpreter tier and recompiled tier (headless), and Scratch also on
/// Debian's squeakvm under a private Xvfb with the pointer at 0,0 (Cuis 5.0 is a Spur image: no
/// reference VM here). The share is the process's processor time (all threads, /proc) over
/// S seconds (default 20) after a warm-up of W seconds (default 40: the JIT tier is still
/// compiling the step methods that run once a second for a while after start-up); the median of N rounds.
/// </summary>
public static class IdleBenchmark
{
    private static readonly string[] Tiers = ["interpreter", "recompiled", "squeakvm"];

    private sealed record Bench(string Name, string Image, string Assembly, bool Peer);

    public static int Run(string[] args)
    {
        double Option(string name, double fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }
        var warmS = Option("--warm", 40);
        var seconds = Option("--seconds", 20);
        var rounds = (int)Option("--rounds", 1);
        var repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../.."));
        var shared = Path.GetFullPath(Path.Combine(repo, "../shared/images"));
        var launcher = Path.Combine(repo, "launcher/bin/Release/net10.0/launcher.dll");
        if (!File.Exists(launcher)) return Fail($"{launcher} is missing: dotnet build -c Release");
        var scratch = Path.Combine(repo, ".cache/scratch/Scratch.image");
        if (!File.Exists(scratch)) return Fail($"{scratch} is missing: scripts/setup.sh fetches it");
        var work = Directory.CreateTempSubdirectory("imageaot-idle").FullName;
        try
        {
            var benches = new List<Bench>
            {
                Prepare("cuis5.0", work, [Path.Combine(shared, "cuis5.0-spur32.image"), Path.Combine(shared, "cuis5.0-spur32.changes"), Path.Combine(shared, "CuisV5.sources")], peer: false),
                Prepare("scratch", work, [scratch, Path.ChangeExtension(scratch, ".ini")], peer: File.Exists(ScratchBenchmark.SqueakVm)),
            };
            using var x = benches.Any(b => b.Peer) ? PrivateXServer.Start("1024x768x24", work) : null;
            if (x is not null) ScratchBenchmark.PutPointerAtOrigin(repo, work, x);
            var results = benches.ToDictionary(b => b.Name, _ => Tiers.ToDictionary(t => t, _ => new List<double>()));
            for (var round = 1; round <= rounds; round++)
                foreach (var b in benches)
                    foreach (var tier in Tiers)
                    {
                        if (tier == "squeakvm" && (!b.Peer || x is null)) continue;
                        if (Measure(b, tier, launcher, x, warmS, seconds) is not { } percent) return Fail($"{b.Name} {tier}: the image did not stay up");
                        results[b.Name][tier].Add(percent);
                        Console.WriteLine($"  round {round} {b.Name,-8} {tier,-12} {percent,6:F2}% of a core");
                    }
            Console.WriteLine();
            Console.WriteLine($"Idle image: % of one core over {seconds:F0} s after {warmS:F0} s of running, median of {rounds}");
            Console.WriteLine($"{"image",-8} {"tier",-12} {"cpu %",7}");
            foreach (var b in benches)
                foreach (var tier in Tiers)
                    if (results[b.Name][tier] is { Count: > 0 } xs)
                        Console.WriteLine($"{b.Name,-8} {tier,-12} {xs.Order().ElementAt(xs.Count / 2),7:F2}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    private static Bench Prepare(string name, string work, string[] files, bool peer)
    {
        var dir = Directory.CreateDirectory(Path.Combine(work, name)).FullName;
        foreach (var f in files.Where(File.Exists)) CyclesBenchmark.CopyWritable(f, Path.Combine(dir, Path.GetFileName(f)));
        var image = Path.Combine(dir, Path.GetFileName(files[0]));
        var dll = Path.ChangeExtension(image, ".dll");
        ImageAot.Recompiler.ImageRecompiler.Recompile(ImageAot.Runtime.Image.ImageReader.Load(image), dll);
        return new Bench(name, image, dll, peer);
    }

    /// <summary>The share of a core the image used over the window, or null if it ended before.</summary>
    private static double? Measure(Bench b, string tier, string launcher, PrivateXServer? x, double warmS, double seconds)
    {
        var dir = Path.GetDirectoryName(b.Image)!;
        var limit = (int)(warmS + seconds) + 30;
        using var child = tier == "squeakvm"
            ? ChildProcess.Start(ScratchBenchmark.SqueakVm, ["-encoding", "UTF-8", "-vm-display-X11", b.Image], dir, [("DISPLAY", x!.Display)])
            : ChildProcess.Start("dotnet", [launcher, "run", b.Image, "--headless", "--timeout", limit.ToString(CultureInfo.InvariantCulture),
                .. tier == "interpreter" ? ["--interpret-only"] : new[] { "--assembly", b.Assembly }], dir);
        Thread.Sleep(TimeSpan.FromSeconds(warmS));
        var start = (DateTime.UtcNow, ProcessCpu.Seconds(child.Pid));
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        var end = (DateTime.UtcNow, ProcessCpu.Seconds(child.Pid));
        var alive = !child.HasExited;
        if (!alive || start.Item2 is not { } c0 || end.Item2 is not { } c1) return null;
        return (c1 - c0) * 100 / (end.Item1 - start.Item1).TotalSeconds;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
