using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ImageAot.Benchmarks;

/// <summary>
/// `cycles [--rounds N] [--warm S] [--keep] [--no-tiered-jit]`: Morphic world cycles per second on squeak2.2-bigendian.image and
/// Scratch.image, in our interpreter tier, our recompiled tier and Debian's squeakvm (under
/// xvfb-run), median of N runs (default 3) each, all in one sitting, with the ratios to squeakvm.
///
/// Each run files in a script given as the document argument (system attribute 2) that warms the
/// world up (2 s, or S seconds of each kind of cycle with --warm: the JIT tier compiles what a
/// workload runs while it runs, so a longer warm-up shows the speed it settles at), then counts
/// `World doOneCycleNow` for 2 s twice: as it is ("step": the hands'
/// events, the step methods and whatever damage they make) and with `fullRepaintNeeded` before
/// each cycle ("redraw": the whole world drawn and shown every cycle). doOneCycleNow, not
/// doOneCycle: doOneCycle first waits out MinCycleLapse (20 ms in 2.2, 25 ms in Scratch), which
/// would cap both VMs at the same 40-50 cycles/s. The script writes its counts next to the image
/// and quits.
///
/// squeak2.2 starts in MVC and files the document in (Smalltalk readDocumentFile): the script makes
/// the world a morphic project makes (`Project newMorphic world`, installed as World, with a
/// BouncingAtomsMorph stepping in it). Scratch's readDocumentFile only logs a stamp, so the
/// benchmark first saves a copy of it (with our `launcher eval`) whose active process, resumed
/// after the snapshot, runs the start-up list and then evaluates the document; its world is the
/// saved one: Scratch's ScratchFrameMorph (ScratchFrameMorph>>startup, which the saved UI process
/// would have run, is left out: on squeakvm its stopAll never returns in that copy).
/// </summary>
public static class CyclesBenchmark
{
    private const string SqueakVm = "/usr/lib/squeak/4.10.2.2614+20120917~dfsg/squeakvm";
    private const string ScratchPlugins = "/usr/lib/scratch/plugins/";
    private static bool noTiered;
    private static int warmMs = 2000;
    private static bool warmBoth;
    private static readonly string[] Tiers = ["interpreter", "recompiled", "squeakvm"];

    private sealed record Bench(string Name, string Image, string Script, bool OldPrims, string Plugins);

    public static int Run(string[] args)
    {
        var rounds = 3;
        var i = Array.IndexOf(args, "--rounds");
        if (i >= 0 && i + 1 < args.Length) rounds = int.Parse(args[i + 1]);
        var keep = args.Contains("--keep");
        noTiered = args.Contains("--no-tiered-jit");
        var w = Array.IndexOf(args, "--warm");
        if (w >= 0 && w + 1 < args.Length) { warmMs = (int)(double.Parse(args[w + 1], CultureInfo.InvariantCulture) * 1000); warmBoth = true; }

        var repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../.."));
        var shared = Path.GetFullPath(Path.Combine(repo, "../shared"));
        var launcher = Path.Combine(repo, "launcher/bin/Release/net10.0/launcher.dll");
        if (!File.Exists(launcher)) return Fail($"{launcher} is missing: dotnet build -c Release");
        if (!File.Exists(SqueakVm)) return Fail($"{SqueakVm} is missing: apt-get install squeak-vm");
        var work = Directory.CreateTempSubdirectory("imageaot-cycles").FullName;
        Console.WriteLine($"work {work}");
        try
        {
            var benches = new List<Bench> { PrepareSqueak22(shared, work), PrepareScratch(repo, work, launcher) };
            var shim = Path.Combine(work, "sqoldprims.so");
            if (Exec("gcc", ["-shared", "-fPIC", "-O2", "-o", shim, Path.Combine(shared, "peers/sqoldprims.c"), "-ldl"], work, 120).Code != 0)
                return Fail("could not build the sqoldprims.c shim (gcc)");

            var assemblies = new Dictionary<string, string>();
            foreach (var b in benches)
            {
                var dll = Path.Combine(Path.GetDirectoryName(b.Image)!, Path.GetFileNameWithoutExtension(b.Image) + ".dll");
                var sw = Stopwatch.StartNew();
                ImageAot.Recompiler.ImageRecompiler.Recompile(ImageAot.Runtime.Image.ImageReader.Load(b.Image), dll);
                Console.WriteLine($"recompiled {b.Name} in {sw.Elapsed.TotalSeconds:F0} s");
                assemblies[b.Name] = dll;
            }

            // results[bench][tier] = list of (step/s, redraw/s)
            var results = benches.ToDictionary(b => b.Name, _ => Tiers.ToDictionary(t => t, _ => new List<(double Step, double Redraw)>()));
            for (var round = 1; round <= rounds; round++)
            foreach (var b in benches)
            foreach (var tier in Tiers)
            {
                var r = RunOnce(b, tier, launcher, assemblies[b.Name], shim);
                if (r is null) return Fail($"{b.Name} {tier}: no result (see above)");
                results[b.Name][tier].Add(r.Value);
                Console.WriteLine($"  round {round} {b.Name,-10} {tier,-12} step {r.Value.Step,9:F0}/s  redraw {r.Value.Redraw,7:F1}/s");
            }

            Console.WriteLine();
            Console.WriteLine($"Morphic world cycles/s (doOneCycleNow), median of {rounds}, warm-up {(warmBoth ? $"{warmMs / 1000.0:F0} s of step and of redraw cycles" : "2 s")}; ratio = ours / squeakvm{(noTiered ? "; our tiers with DOTNET_TieredCompilation=0" : "")}");
            Console.WriteLine($"{"image",-10} {"tier",-12} {"step/s",10} {"ratio",7} {"redraw/s",10} {"ratio",7}");
            foreach (var b in benches)
            {
                var c = Median(results[b.Name]["squeakvm"]);
                foreach (var tier in Tiers)
                {
                    var m = Median(results[b.Name][tier]);
                    var ratios = tier == "squeakvm" ? $"{"",7} {"",10} {"",7}" : $"{m.Step / c.Step,7:F2} {m.Redraw,10:F1} {m.Redraw / c.Redraw,7:F2}";
                    if (tier == "squeakvm") Console.WriteLine($"{b.Name,-10} {tier,-12} {m.Step,10:F0} {"",7} {m.Redraw,10:F1}");
                    else Console.WriteLine($"{b.Name,-10} {tier,-12} {m.Step,10:F0} {ratios}");
                }
            }
            return 0;
        }
        finally
        {
            if (keep) Console.WriteLine($"kept {work}");
            else Directory.Delete(work, true);
        }
    }

    /// <summary>The timing part shared by both images: `w` is the world, `out` the results file.</summary>
    private static string Timing(string results) => $"""
        w hands do: [:h | h changed].
        t0 _ Time millisecondClockValue.
        [Time millisecondClockValue - t0 < {warmMs}] whileTrue: [w doOneCycleNow].
        t0 _ Time millisecondClockValue.
        [Time millisecondClockValue - t0 < {(warmBoth ? warmMs : 0)}] whileTrue: [w fullRepaintNeeded. w doOneCycleNow].
        n _ 0. t0 _ Time millisecondClockValue.
        [(ms _ Time millisecondClockValue - t0) < 2000] whileTrue: [w doOneCycleNow. n _ n + 1].
        stepN _ n. stepMs _ ms.
        n _ 0. t0 _ Time millisecondClockValue.
        [(ms _ Time millisecondClockValue - t0) < 2000] whileTrue: [w fullRepaintNeeded. w doOneCycleNow. n _ n + 1].
        f _ StandardFileStream newFileNamed: '{results}'.
        f nextPutAll: 'step_cycles ', stepN printString, ' step_ms ', stepMs printString, ' redraw_cycles ', n printString, ' redraw_ms ', ms printString, ' extent ', Display width printString, 'x', Display height printString, ' depth ', Display depth printString.
        f close.
        Smalltalk quitPrimitive
        """;

    private static Bench PrepareSqueak22(string shared, string work)
    {
        var dir = Directory.CreateDirectory(Path.Combine(work, "squeak2.2")).FullName;
        foreach (var f in new[] { "squeak2.2-bigendian.image", "squeak2.2-bigendian.changes", "SqueakV2.sources" })
            CopyWritable(Path.Combine(shared, "images", f), Path.Combine(dir, f));
        // A new hand has hasChanged = nil until it first moves; `h changed` (in Timing) sets it, as a move would.
        var script = Path.Combine(dir, "cycles.st");
        File.WriteAllText(script, $"""
            | p w atoms t0 n ms stepN stepMs f |
            p _ Project newMorphic.
            w _ p world.
            Smalltalk at: #World put: w.
            w install.
            atoms _ BouncingAtomsMorph new.
            w addMorph: atoms.
            atoms position: 20@20.
            w startSteppingSubmorphsOf: w.
            {Timing(Path.Combine(dir, "cycles.txt"))}!

            """);
        return new Bench("squeak2.2", Path.Combine(dir, "squeak2.2-bigendian.image"), script, OldPrims: true, Plugins: "");
    }

    private static Bench PrepareScratch(string repo, string work, string launcher)
    {
        var dir = Directory.CreateDirectory(Path.Combine(work, "scratch")).FullName;
        var image = Path.Combine(dir, "Scratch.image");
        CopyWritable(Path.Combine(repo, ".cache/scratch/Scratch.image"), image);
        // Save a copy whose active process, once resumed, does what snapshot:andQuit: does after a
        // snapshot and then evaluates the document. The shutdown list is the image's own minus
        // SoundPlayer (our VM has no sound primitives; no sound is playing).
        const string hook =
            "#(#Delay #FileDirectory #Color #StrikeFont #ControlManager #Form #DisplayScreen #ScratchTranslator) " +
            "do: [:n | Smalltalk at: n ifPresent: [:c | c shutDown]]. " +
            "Smalltalk snapshotPrimitive " +
            "ifTrue: [Smalltalk setGCParameters; clearExternalObjects; processStartUpList; readDocumentFile. " +
            "Compiler evaluate: (FileStream readOnlyFileNamed: (Smalltalk getSystemAttribute: 2)) contentsOfEntireFile] " +
            "ifFalse: [Smalltalk quitPrimitive]";
        var before = File.GetLastWriteTimeUtc(image);
        var r = Exec("dotnet", [launcher, "eval", image, hook, "--timeout", "120"], dir, 180);
        if (File.GetLastWriteTimeUtc(image) == before) throw new InvalidOperationException($"saving the hooked Scratch image failed: {r.Output}");
        var script = Path.Combine(dir, "cycles.st");
        File.WriteAllText(script, $"""
            | w t0 n ms stepN stepMs f |
            w _ World.
            Sensor useOSEvents: true.
            {Timing(Path.Combine(dir, "cycles.txt"))}
            """);
        return new Bench("scratch", image, script, OldPrims: false, Plugins: Directory.Exists(ScratchPlugins) ? ScratchPlugins : "");
    }

    private static (double Step, double Redraw)? RunOnce(Bench b, string tier, string launcher, string assembly, string shim)
    {
        var results = Path.Combine(Path.GetDirectoryName(b.Image)!, "cycles.txt");
        File.Delete(results);
        var dir = Path.GetDirectoryName(b.Image)!;
        (int Code, string Output) r;
        if (tier == "squeakvm")
        {
            var vm = new List<string> { "-a", "-s", "-screen 0 1024x768x24", "env", $"SQ_OLDPRIMS={(b.OldPrims ? 1 : 0)}" };
            if (b.OldPrims) vm.Add($"LD_PRELOAD={shim}");
            vm.Add(SqueakVm);
            if (b.Plugins != "") vm.AddRange(["-plugins", b.Plugins + ":" + Path.GetDirectoryName(SqueakVm) + "/"]);
            vm.AddRange(["-vm-display-X11", "-vm-sound-null", b.Image, b.Script]);
            r = Exec("xvfb-run", vm, dir, 120);
        }
        else
        {
            var a = new List<string> { launcher, "run", b.Image, "--headless", "--timeout", "120" };
            a.AddRange(tier == "interpreter" ? ["--interpret-only"] : ["--assembly", assembly]);
            a.AddRange(["--", b.Script]);
            r = Exec("dotnet", a, dir, 150, noTiered ? ("DOTNET_TieredCompilation", "0") : null);
        }
        if (!File.Exists(results))
        {
            Console.Error.WriteLine($"{b.Name} {tier}: exit {r.Code}, no {results}\n{r.Output[^Math.Min(2000, r.Output.Length)..]}");
            return null;
        }
        var text = File.ReadAllText(results);
        double Get(string key) => double.Parse(Regex.Match(text, key + @"\s+(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        return (Get("step_cycles") * 1000 / Get("step_ms"), Get("redraw_cycles") * 1000 / Get("redraw_ms"));
    }

    private static (double Step, double Redraw) Median(List<(double Step, double Redraw)> xs)
    {
        static double M(IEnumerable<double> v) { var s = v.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2; }
        return (M(xs.Select(x => x.Step)), M(xs.Select(x => x.Redraw)));
    }

    /// <summary>Copies a file and makes the copy writable (the shared images are read-only; the benchmarks' images save or log).</summary>
    internal static void CopyWritable(string from, string to)
    {
        File.Copy(from, to, true);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(to, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private static (int Code, string Output) Exec(string file, IEnumerable<string> args, string dir, int timeoutS, (string, string)? env = null)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        if (env is { } e) psi.Environment[e.Item1] = e.Item2;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutS * 1000))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (-1, $"timed out after {timeoutS} s\n{stdout.Result}{stderr.Result}");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
