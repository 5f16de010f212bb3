namespace ImageAot.Benchmarks;

/// <summary>
/// Runs one project's script (ScratchProjectScript) on one VM and collects its figures: our
/// interpreter tier and recompiled tier headless through the launcher, Debian's squeakvm in the
/// sitting's Xvfb. While the VM runs, the marks the script writes around its normal-mode count are
/// watched for, and the VM's CPU time (and the X server's) is read as each appears.
/// </summary>
public sealed class ScratchProjectRun(string launcher, string image, string assembly, string r2rAssembly, string squeakVm, PrivateXServer x, int timeoutS)
{
    /// <summary>"recompiled": the assembly as the JIT takes it; "r2r": the bodies Scratch's start-up runs precompiled by crossgen2, the rest for the JIT, as `recompile --r2r` and a shipped bundle make it.</summary>
    public static readonly string[] Tiers = ["interpreter", "recompiled", "r2r", "squeakvm"];

    /// <summary>How often the marks are looked for: CPU figures come in 10 ms ticks anyway.</summary>
    private const int PollMs = 10;

    public ScratchFigures? Run(string tier, string script)
    {
        var dir = Path.GetDirectoryName(image)!;
        string At(string f) => Path.Combine(dir, f);
        foreach (var f in new[] { ScratchProjectScript.ResultsFile, ScratchProjectScript.NormalStartMark, ScratchProjectScript.NormalEndMark })
            File.Delete(At(f));

        using var vm = Start(tier, script, dir);
        var isPeer = tier == "squeakvm";
        (DateTime Wall, double? Cpu, double? XCpu)? start = null, end = null;
        var deadline = DateTime.UtcNow.AddSeconds(timeoutS);
        while (!vm.HasExited && DateTime.UtcNow < deadline && end is null)
        {
            if (start is null && File.Exists(At(ScratchProjectScript.NormalStartMark))) start = Sample(vm.Pid, isPeer);
            if (start is not null && File.Exists(At(ScratchProjectScript.NormalEndMark))) end = Sample(vm.Pid, isPeer);
            Thread.Sleep(PollMs);
        }
        var (code, output) = vm.Wait(Math.Max(1, (int)(deadline - DateTime.UtcNow).TotalSeconds));
        var results = At(ScratchProjectScript.ResultsFile);
        if (!File.Exists(results))
        {
            Console.Error.WriteLine($"{tier}: exit {code}, no {results}\n{output[^Math.Min(2000, output.Length)..]}");
            return null;
        }
        double? Percent(Func<(DateTime Wall, double? Cpu, double? XCpu), double?> cpu) =>
            start is { } s && end is { } e && cpu(s) is { } c0 && cpu(e) is { } c1 ? (c1 - c0) * 100 / (e.Wall - s.Wall).TotalSeconds : null;
        return ScratchFigures.Parse(File.ReadAllText(results), Percent(s => s.Cpu), isPeer ? Percent(s => s.XCpu) : null);
    }

    private (DateTime, double?, double?) Sample(int pid, bool withX) =>
        (DateTime.UtcNow, ProcessCpu.Seconds(pid), withX ? ProcessCpu.Seconds(x.Pid) : null);

    private ChildProcess Start(string tier, string script, string dir)
    {
        if (tier == "squeakvm")
            // As Debian's /usr/bin/scratch starts it, less its -plugins path: the VM's own folder holds
            // ScratchPlugin and UnicodePlugin. No -vm-sound-null: with it, SoundRecorder's
            // primStopRecording (which the green flag's stopAll reaches) never returns.
            return ChildProcess.Start(squeakVm, ["-encoding", "UTF-8", "-vm-display-X11", image, script], dir, [("DISPLAY", x.Display)]);
        var args = new List<string> { launcher, "run", image, "--headless", "--timeout", timeoutS.ToString() };
        args.AddRange(tier switch { "interpreter" => ["--interpret-only"], "r2r" => ["--assembly", r2rAssembly], _ => ["--assembly", assembly] });
        args.AddRange(["--", script]);
        return ChildProcess.Start("dotnet", args, dir);
    }
}
