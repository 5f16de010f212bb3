using System.CommandLine;
using ImageAot.Runtime.Image;
using Spectre.Console;

namespace ImageAot.Recompiler;

/// <summary>`recompile IMAGE [-o out/NAME.dll] [--r2r | --r2r-all] [--map] [--bundle OUT]`: every CompiledMethod of an image into one .NET assembly, or into a bundle (one executable with the VM and the image).</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var image = new Argument<string>("IMAGE") { Description = "the image file" };
        var output = new Option<string?>("-o", "--output") { Description = "the assembly to write (default out/NAME.dll)" };
        var r2r = new Option<bool>("--r2r") { Description = "also precompile to native code (ReadyToRun) the bodies the image's start-up runs (learnt by running it headless), so it starts without JIT warm-up; the others go to NAME.cold.dll for the JIT" };
        var r2rAll = new Option<bool>("--r2r-all") { Description = "precompile every body to native code (ReadyToRun), not only those start-up runs (minutes for a large image)" };
        var bundle = new Option<string?>("--bundle") { Description = "write one self-contained executable instead: the VM, the image (with its .changes and .sources) and its precompiled code" };
        var map = new Option<bool>("--map") { Description = "also write NAME.map: the Class>>selector of each body name (D_<key>), for reading a perf profile" };
        var root = new RootCommand("recompile: turn every CompiledMethod of an image into one .NET assembly") { image, output, r2r, r2rAll, bundle, map };
        root.SetAction(result =>
        {
            var imagePath = result.GetValue(image)!;
            try
            {
                if (result.GetValue(bundle) is { } bundlePath) return MakeBundle(imagePath, bundlePath);
                var loaded = ImageReader.Load(imagePath);
                var outPath = result.GetValue(output) ?? Path.Combine("out", Path.GetFileNameWithoutExtension(imagePath) + ".dll");
                var all = result.GetValue(r2rAll);
                var readyToRun = all || result.GetValue(r2r);
                var (r, precompiled, training) = readyToRun && !all
                    ? WithProgress(report => ImageRecompiler.RecompileForStartup(imagePath, loaded, outPath, report))
                    : (WithProgress(report => ImageRecompiler.Recompile(loaded, outPath, report, readyToRun)), -1, TimeSpan.Zero);
                foreach (var (reason, count) in r.NotCompiled) Console.WriteLine($"not compiled: {count} method(s): {reason}");
                Console.WriteLine(precompiled < 0
                    ? $"wrote {outPath}{(readyToRun ? " (ReadyToRun)" : "")}"
                    : $"wrote {outPath} (ReadyToRun: the {precompiled} bodies start-up runs) and {ImageRecompiler.ColdPathFor(outPath)} (the others, for the JIT)");
                if (result.GetValue(map))
                {
                    var mapPath = Path.ChangeExtension(outPath, ".map");
                    BodyMap.Write(loaded, mapPath);
                    Console.WriteLine($"wrote {mapPath}");
                }
                Console.WriteLine($"took {(precompiled < 0 ? "" : $"{training.TotalSeconds:0.0} s running start-up, ")}{r.Emitting.TotalSeconds:0.0} s emitting, {r.Writing.TotalSeconds:0.0} s writing"
                    + (readyToRun ? $", {r.ReadyToRun.TotalSeconds:0.0} s precompiling" : ""));
                Console.WriteLine($"compiled {r.Compiled}/{r.Methods} methods ({r.DistinctBodies} distinct bodies)");
                return 0;
            }
            catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException or Bundling.BundleDamagedException)
            {
                Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
                return 1;
            }
        });
        return root.Parse(args).Invoke();
    }

    private static int MakeBundle(string imagePath, string bundlePath)
    {
        if (!File.Exists(imagePath)) throw new IOException($"no such image: {imagePath}");
        var r = Bundling.BundleBuilder.Build(imagePath, bundlePath, message => Console.WriteLine(message));
        static string Mb(long bytes) => $"{bytes / 1048576.0:0.0} MB";
        Console.WriteLine($"wrote {bundlePath}: {Mb(r.TotalBytes)} (VM {Mb(r.HostBytes)}, compiled code {Mb(r.CodeBytes)}, image {Mb(r.ImageBytes)}, changes and sources {Mb(r.BesideBytes)}; data compressed)");
        Console.WriteLine($"compiled {r.Compiled.Compiled}/{r.Compiled.Methods} methods ({r.Compiled.DistinctBodies} distinct bodies)");
        Console.WriteLine($"took {(r.Recompile + r.Host + r.Pack).TotalSeconds:0.0} s: recompiling {r.Recompile.TotalSeconds:0.0} s, VM {r.Host.TotalSeconds:0.0} s, packing {r.Pack.TotalSeconds:0.0} s");
        return 0;
    }

    /// <summary>Runs the recompilation with a progress bar on an interactive terminal, and quietly otherwise (logs, CI, tests).</summary>
    private static T WithProgress<T>(Func<Action<int, int>, T> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive) return work((_, _) => { });
        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("compiling methods");
                return work((done, total) =>
                {
                    task.MaxValue = total;
                    task.Value = done;
                });
            });
    }
}
