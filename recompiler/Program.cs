using System.CommandLine;
using ImageAot.Runtime.Image;
using Spectre.Console;

namespace ImageAot.Recompiler;

/// <summary>`recompile IMAGE [-o out/NAME.dll] [--r2r]`: every CompiledMethod of an image into one .NET assembly.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var image = new Argument<string>("IMAGE") { Description = "the image file" };
        var output = new Option<string?>("-o", "--output") { Description = "the assembly to write (default out/NAME.dll)" };
        var r2r = new Option<bool>("--r2r") { Description = "also precompile the assembly to native code (ReadyToRun), so the image needs no JIT warm-up" };
        var root = new RootCommand("recompile: turn every CompiledMethod of an image into one .NET assembly") { image, output, r2r };
        root.SetAction(result =>
        {
            var imagePath = result.GetValue(image)!;
            try
            {
                var loaded = ImageReader.Load(imagePath);
                var outPath = result.GetValue(output) ?? Path.Combine("out", Path.GetFileNameWithoutExtension(imagePath) + ".dll");
                var readyToRun = result.GetValue(r2r);
                var r = WithProgress(report => ImageRecompiler.Recompile(loaded, outPath, report, readyToRun));
                foreach (var (reason, count) in r.NotCompiled) Console.WriteLine($"not compiled: {count} method(s): {reason}");
                Console.WriteLine($"wrote {outPath}{(readyToRun ? " (ReadyToRun)" : "")}");
                Console.WriteLine($"compiled {r.Compiled}/{r.Methods} methods ({r.DistinctBodies} distinct bodies)");
                return 0;
            }
            catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
                return 1;
            }
        });
        return root.Parse(args).Invoke();
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
