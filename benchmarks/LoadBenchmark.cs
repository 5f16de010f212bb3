using System.Diagnostics;
using ImageAot.Runtime.Image;

namespace ImageAot.Benchmarks;

/// <summary>
/// Image load speed and footprint: best-of-N load time, MB/s, and the managed memory a
/// loaded image keeps alive as a multiple of its file size. Run it in Release.
/// </summary>
public static class LoadBenchmark
{
    private const int Rounds = 7;

    public static int Run(string[] paths)
    {
        var root = FindRoot();
        if (paths.Length == 0)
            paths = [Path.Combine(root, "..", "shared", "images"), Path.Combine(root, ".cache", "scratch")];
        var images = paths.SelectMany(Expand).ToList();
        if (images.Count == 0) { Console.Error.WriteLine("no images found"); return 1; }
#if DEBUG
        Console.WriteLine("warning: Debug build; use -c Release for real figures");
#endif
        Console.WriteLine($"{"image",-34} {"MB",7} {"best ms",8} {"MB/s",8} {"memory",8} {"x file",7}");
        foreach (var path in images)
        {
            var size = new FileInfo(path).Length;
            var best = double.MaxValue;
            for (var i = 0; i < Rounds; i++)
            {
                GC.Collect();
                var clock = Stopwatch.StartNew();
                ImageReader.Load(path);
                best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
            }
            var (bytes, count) = RetainedBytes(path);
            var mb = size / 1e6;
            Console.WriteLine($"{Path.GetFileName(path),-34} {mb,7:F2} {best,8:F1} {mb / (best / 1000),8:F1} {bytes / 1e6,7:F1}M {bytes / (double)size,7:F2}   ({count:N0} objects)");
        }
        return 0;
    }

    private static (long Bytes, int Objects) RetainedBytes(string path)
    {
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        var before = GC.GetTotalMemory(true);
        var image = ImageReader.Load(path);
        var after = GC.GetTotalMemory(true);
        var count = image.Objects.Count;
        GC.KeepAlive(image);
        return (after - before, count);
    }

    private static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path) ? Directory.GetFiles(path, "*.image").Order() :
        File.Exists(path) ? [path] : [];

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ImageAot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
