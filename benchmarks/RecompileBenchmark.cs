using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ImageAot.Benchmarks;

/// <summary>
/// How fast and lean the `recompile` command is: it recompiles an image (default: Scratch.image)
/// into a temporary folder N times, without and with --r2r, as a separate process (the Release
/// build in recompiler/bin), and prints the best wall time and the peak resident memory of the
/// command and the programs it ran (crossgen2). Targets: under 10 s and 1 GB, under 30 s with --r2r.
/// </summary>
public static class RecompileBenchmark
{
    public static int Run(string[] args)
    {
        var rounds = 3;
        var images = new List<string>();
        var modes = new List<bool> { false, true };
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rounds" && i + 1 < args.Length) rounds = int.Parse(args[++i]);
            else if (args[i] == "--no-r2r") modes = [false];
            else if (args[i] == "--r2r-only") modes = [true];
            else images.Add(args[i]);
        }
        var repo = FindRoot();
        if (images.Count == 0) images.Add(Path.Combine(repo, ".cache", "scratch", "Scratch.image"));
        var recompile = Path.Combine(repo, "recompiler/bin/Release/net10.0/recompile.dll");
        if (!File.Exists(recompile)) { Console.Error.WriteLine($"build first: dotnet build -c Release ImageAot.sln ({recompile} is missing)"); return 1; }
        Console.WriteLine($"{"image",-24} {"mode",-6} {"best s",7} {"median s",9} {"peak MB",8}");
        foreach (var image in images)
        {
            if (!File.Exists(image)) { Console.Error.WriteLine($"no such image: {image}"); return 1; }
            var dir = Directory.CreateTempSubdirectory("imageaot-recompile-bench").FullName;
            try
            {
                // A copy: the image is never touched, and the output lands beside it.
                var copy = Path.Combine(dir, Path.GetFileName(image));
                File.Copy(image, copy);
                foreach (var r2r in modes)
                {
                    var times = new List<double>();
                    long peak = 0;
                    for (var round = 0; round < rounds; round++)
                    {
                        var (seconds, peakBytes, output) = Measure(recompile, copy, Path.Combine(dir, "out.dll"), r2r);
                        if (seconds < 0) { Console.Error.WriteLine(output); return 1; }
                        times.Add(seconds);
                        peak = Math.Max(peak, peakBytes);
                    }
                    times.Sort();
                    Console.WriteLine($"{Path.GetFileName(image),-24} {(r2r ? "--r2r" : "IL"),-6} {times[0],7:F1} {times[times.Count / 2],9:F1} {peak / 1048576.0,8:F0}");
                }
            }
            finally { Directory.Delete(dir, true); }
        }
        return 0;
    }

    /// <summary>One run: wall seconds (negative if it failed), and the peak resident memory of the process and everything it ran.</summary>
    private static (double Seconds, long PeakBytes, string Output) Measure(string recompile, string image, string output, bool r2r)
    {
        var args = new List<string> { recompile, image, "-o", output };
        if (r2r) args.Add("--r2r");
        var psi = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        var text = stdout.Result + stderr;
        return (p.ExitCode == 0 ? seconds : -1, PeakOfChildren(), text);
    }

    /// <summary>
    /// The largest resident set of any finished child process and its descendants (getrusage's
    /// children figure, which includes crossgen2 under recompile). It is the largest so far, so the
    /// runs without --r2r (the smaller ones) come first.
    /// </summary>
    private static long PeakOfChildren()
    {
        var usage = new RUsage();
        return getrusage(RusageChildren, ref usage) == 0 ? usage.MaxRssKb * 1024 : 0;
    }

    private const int RusageChildren = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSec, UserMicro, SystemSec, SystemMicro;
        public long MaxRssKb;
        public long Ixrss, Idrss, Isrss, Minflt, Majflt, Nswap, Inblock, Oublock, Msgsnd, Msgrcv, Nsignals, Nvcsw, Nivcsw;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, ref RUsage usage);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ImageAot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
