using System.Diagnostics;

namespace ImageAot.Benchmarks;

/// <summary>
/// `scratch [--rounds N] [--seconds S] [--warm S] [--project PATH]... [--keep] [--no-startup | --startup-only]`:
/// how fast Scratch 1.4's sample projects run, in our interpreter tier, our recompiled tier (as the JIT takes the assembly, and as `recompile --r2r` makes it: start-up's bodies precompiled by crossgen2) and
/// Debian's squeakvm (in an Xvfb of its own), all in one sitting, median of N rounds (default 3);
/// then Scratch's start-up time to the first frame in our two tiers (ScratchStartupBenchmark).
///
/// Each run opens one project, presses the green flag in turbo mode and counts script steps and
/// frames for S seconds (default 5) after a warm-up (default 2), then the same in normal mode,
/// where it also samples the VM's CPU time (ScratchProjectScript, ScratchProjectRun). The figure that
/// compares VMs is turbo steps/s: the geometric mean over the projects of ours / squeakvm.
///
/// Default projects: the sample projects under Simulations, Games and Animation whose scripts keep
/// computing on their own (without a mouse or keys), listed in DefaultProjects.
/// </summary>
public static class ScratchBenchmark
{
    internal const string SqueakVm = "/usr/lib/squeak/4.10.2.2614+20120917~dfsg/squeakvm";

    /// <summary>
    /// Under .cache/scratch/Projects: the twelve of Simulations, Games and Animation whose scripts
    /// mostly run rather than wait (at least 7 script steps per frame in normal mode on squeakvm).
    /// A survey of all 24 (`--project DIR` for each folder) showed the others wait for the mouse
    /// (Spinner, MyLittleTown, Pong, BugOnAPlate: no step at all), an answer (GuessingGame) or
    /// mostly for timers (Playground, Ideas, Trampoline, FunWithAnimation, EweAndMe, Jellyfish,
    /// FruitcraftRPG: 2-5 steps per frame; in turbo mode they poll their waits).
    /// </summary>
    private static readonly string[] DefaultProjects =
    [
        "Simulations/2 GravityBlocks.sb", "Simulations/3 SoundGraph.sb", "Simulations/5 SimpleCircuit.sb",
        "Simulations/6 WeatherSimulation.sb", "Simulations/7 VirtualDog.sb", "Simulations/8 BouncingMusicBalls.sb",
        "Games/2 PacMan.sb", "Games/3 FishChomp.sb", "Games/5 MarbleRacer.sb", "Games/8 ScrollingDemo.sb",
        "Animation/6 Aquarium.sb", "Animation/8 DayDream.sb",
    ];

    public static int Run(string[] args)
    {
        int Int(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
        var rounds = Int("--rounds", 3);
        var countMs = Int("--seconds", 5) * 1000;
        var warmMs = Int("--warm", 2) * 1000;
        var keep = args.Contains("--keep");

        var repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../.."));
        var launcher = Path.Combine(repo, "launcher/bin/Release/net10.0/launcher.dll");
        var projectsDir = Path.Combine(repo, ".cache/scratch/Projects");
        if (!File.Exists(launcher)) return Fail($"{launcher} is missing: dotnet build -c Release");
        if (!File.Exists(SqueakVm)) return Fail($"{SqueakVm} is missing: apt-get install squeak-vm");
        if (!Directory.Exists(projectsDir)) return Fail($"{projectsDir} is missing: scripts/setup.sh fetches it");
        var projects = Projects(args, projectsDir);
        if (projects.Count == 0) return Fail("no projects");

        var work = Directory.CreateTempSubdirectory("imageaot-scratch").FullName;
        Console.WriteLine($"work {work}");
        try
        {
            if (!args.Contains("--startup-only") && !RunProjects(repo, work, launcher, projects, rounds, warmMs, countMs)) return 1;
            if (!args.Contains("--no-startup") && !ScratchStartupBenchmark.Run(repo, work, launcher, rounds)) return 1;
            return 0;
        }
        finally
        {
            if (keep) Console.WriteLine($"kept {work}");
            else Directory.Delete(work, true);
        }
    }

    private static bool RunProjects(string repo, string work, string launcher, List<string> projects, int rounds, int warmMs, int countMs)
    {
        var dir = Directory.CreateDirectory(Path.Combine(work, "scratch")).FullName;
        var image = Path.Combine(dir, "Scratch.image");
        if (!PrepareImage(repo, image, launcher)) return false;
        var dll = Path.Combine(dir, "Scratch.dll");
        var sw = Stopwatch.StartNew();
        ImageAot.Recompiler.ImageRecompiler.Recompile(ImageAot.Runtime.Image.ImageReader.Load(image), dll);
        Console.WriteLine($"recompiled the benchmark's Scratch.image in {sw.Elapsed.TotalSeconds:F0} s");
        var r2r = Path.Combine(dir, "ScratchR2R.dll");
        sw.Restart();
        // As `recompile --r2r` and a bundle do it: the bodies Scratch's own start-up runs precompiled, the rest
        // left to the JIT. Learnt from the shipped image (the benchmark's copy resumes into its script instead).
        var (_, precompiled, _) = ImageAot.Recompiler.ImageRecompiler.RecompileForStartup(
            Path.Combine(repo, ".cache/scratch/Scratch.image"), ImageAot.Runtime.Image.ImageReader.Load(image), r2r);
        Console.WriteLine($"recompiled it again with the {precompiled} bodies Scratch's start-up runs precompiled (ReadyToRun) in {sw.Elapsed.TotalSeconds:F0} s");

        var scripts = projects.Select((p, i) =>
        {
            var script = Path.Combine(dir, $"project{i + 1:00}.st");
            File.WriteAllText(script, ScratchProjectScript.For(p, dir, warmMs, countMs));
            return script;
        }).ToArray();

        // The size the Scratch window was saved at (1024x767) fits; 24 bits as Scratch's users have it.
        using var x = PrivateXServer.Start("1024x768x24", dir);
        if (x is null) return false;
        PutPointerAtOrigin(repo, dir, x);
        var timeoutS = (warmMs + countMs) * 2 / 1000 + 60;
        var runner = new ScratchProjectRun(launcher, image, dll, r2r, SqueakVm, x, timeoutS);

        var results = projects.Select(_ => ScratchProjectRun.Tiers.ToDictionary(t => t, _ => new List<ScratchFigures>())).ToArray();
        for (var round = 1; round <= rounds; round++)
            for (var p = 0; p < projects.Count; p++)
                foreach (var tier in ScratchProjectRun.Tiers)
                {
                    if (runner.Run(tier, scripts[p]) is not { } f)
                    {
                        Console.Error.WriteLine($"{Name(projects[p])} {tier}: no result");
                        return false;
                    }
                    results[p][tier].Add(f);
                    Console.WriteLine($"  round {round} {Name(projects[p]),-26} {tier,-12} turbo {f.TurboSteps,8:F0} steps/s {f.TurboFrames,5:F1} frames/s" +
                                      $" | normal {f.NormalFrames,5:F1} frames/s {f.NormalSteps,7:F0} steps/s cpu {Pct(f.Cpu)}{(f.XCpu is { } xc ? $" X {xc:F0}%" : "")}");
                }
        ScratchReport.Print(projects.Select(Name).ToArray(), results, rounds);
        return true;
    }

    /// <summary>Saves a copy of the shipped image with the step counter and the resume hook (ScratchProjectScript.SaveHook).</summary>
    private static bool PrepareImage(string repo, string image, string launcher)
    {
        CyclesBenchmark.CopyWritable(Path.Combine(repo, ".cache/scratch/Scratch.image"), image);
        var before = File.GetLastWriteTimeUtc(image);
        var (_, output) = ChildProcess.Run("dotnet", [launcher, "eval", image, ScratchProjectScript.SaveHook, "--timeout", "120"], Path.GetDirectoryName(image)!, 180);
        if (File.GetLastWriteTimeUtc(image) != before) return true;
        Console.Error.WriteLine($"saving the benchmark's Scratch image failed: {output}");
        return false;
    }

    /// <summary>
    /// Our headless tiers have the mouse at 0@0; Xvfb starts with its pointer in the screen's centre,
    /// over the stage. Projects that follow the mouse would then do different work, so the X pointer
    /// goes to the corner the Scratch window is put at (no window manager).
    /// </summary>
    internal static void PutPointerAtOrigin(string repo, string dir, PrivateXServer x)
    {
        var source = Path.GetFullPath(Path.Combine(repo, "../shared/screens/xwarp.c"));
        var tool = Path.Combine(dir, "xwarp");
        if (File.Exists(source) && ChildProcess.Run("gcc", ["-O2", "-o", tool, source, "-lX11"], dir, 120).Code == 0
            && ChildProcess.Run(tool, ["0", "0"], dir, 30, [("DISPLAY", x.Display)]).Code == 0)
            return;
        Console.Error.WriteLine("warning: could not move the X pointer to 0,0 (needs ../shared/screens/xwarp.c, gcc, libx11-dev)");
    }

    private static List<string> Projects(string[] args, string projectsDir)
    {
        var chosen = new List<string>();
        for (var i = 0; i + 1 < args.Length; i++)
            if (args[i] == "--project")
            {
                var path = Path.GetFullPath(args[i + 1]);
                if (Directory.Exists(path)) chosen.AddRange(Directory.GetFiles(path, "*.sb").Order());
                else if (File.Exists(path)) chosen.Add(path);
                else Console.Error.WriteLine($"no such project: {path}");
            }
        return chosen.Count > 0 ? chosen : DefaultProjects.Select(p => Path.Combine(projectsDir, p)).ToList();
    }

    /// <summary>Folder/name without the number and extension: "Games/PacMan".</summary>
    public static string Name(string project) =>
        Path.GetFileName(Path.GetDirectoryName(project)) + "/" + Path.GetFileNameWithoutExtension(project).TrimStart("0123456789 ".ToCharArray());

    public static string Pct(double? v) => v is { } p ? $"{p,3:F0}%" : "  ?";

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
