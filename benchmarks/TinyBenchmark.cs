using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Hosting;
using ImageAot.Runtime.Image;

namespace ImageAot.Benchmarks;

/// <summary>
/// `tiny [IMAGE...] [--peer]`: runs `0 tinyBenchmarks` in the interpreter tier (best of 3 in one
/// process) and, with --peer, the C interpreter's figures from ../shared/peers/run-squeakvm.sh on
/// squeakjs-benchmark.image in the same sitting, then prints the ratios.
/// </summary>
public static class TinyBenchmark
{
    public static int Run(string[] args)
    {
        var peer = args.Contains("--peer");
        var recompiled = args.Contains("--recompiled");
        var images = args.Where(a => !a.StartsWith("--")).ToList();
        var shared = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../shared"));
        if (images.Count == 0) images = ["squeak2-mini.image", "cuis5.0-spur32.image"];
        images = images.Select(i => File.Exists(i) ? i : Path.Combine(shared, "images", i)).ToList();

        var ours = new List<(string Image, double Bytecodes, double Sends)>();
        foreach (var image in images)
        foreach (var tier in recompiled ? new[] { "interpreter", "recompiled" } : ["interpreter"])
        {
            double bestB = 0, bestS = 0;
            var bodies = tier == "recompiled" ? Bodies(image) : null;
            for (var round = 0; round < 3; round++)
            {
                var r = TinyBenchmarks.Run(() => new Interpreter(ImageReader.Load(image)) { ImagePath = image, Timeout = TimeSpan.FromMinutes(5), Compiled = bodies }, rounds: 1);
                bestB = Math.Max(bestB, r.BytecodesPerSec);
                bestS = Math.Max(bestS, r.SendsPerSec);
            }
            ours.Add(($"{Path.GetFileName(image)} {tier}", bestB, bestS));
            Console.WriteLine($"{Path.GetFileName(image),-28} {tier,-12} {bestB:E2} bytecodes/s  {bestS:E2} sends/s");
        }
        if (!peer) return 0;

        var (cB, cS) = RunPeer(shared);
        Console.WriteLine($"{"squeakvm (C interpreter)",-28}              {cB:E2} bytecodes/s  {cS:E2} sends/s");
        foreach (var o in ours)
            Console.WriteLine($"{o.Image,-40} vs C VM      {o.Bytecodes / cB:P0} bytecodes  {o.Sends / cS:P0} sends");
        return 0;
    }

    private static CompiledCode Bodies(string image)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("imageaot-bench").FullName, Path.GetFileNameWithoutExtension(image) + ".dll");
        ImageAot.Recompiler.ImageRecompiler.Recompile(ImageReader.Load(image), path);
        return ImageAot.Recompiler.CompiledAssembly.Load(path);
    }

    private static (double, double) RunPeer(string shared)
    {
        var tmp = Directory.CreateTempSubdirectory("imageaot-peer");
        var image = Path.Combine(tmp.FullName, "squeakjs-benchmark.image");
        ImageWriter.Save(ImageReader.Load(Path.Combine(shared, "images", "squeakjs-benchmark.image")), image);
        var figures = ScaledSuite.RunPeer(shared, image, timeoutS: 300);
        return (figures["tiny_bytecodes"], figures["tiny_sends"]);
    }
}
