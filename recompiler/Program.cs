using System.CommandLine;
using ImageAot.Runtime.Image;

namespace ImageAot.Recompiler;

/// <summary>`recompile IMAGE [-o out/NAME.dll]`: every CompiledMethod of an image into one .NET assembly.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var image = new Argument<string>("IMAGE") { Description = "the image file" };
        var output = new Option<string?>("-o", "--output") { Description = "the assembly to write (default out/NAME.dll)" };
        var root = new RootCommand("recompile: turn every CompiledMethod of an image into one .NET assembly") { image, output };
        root.SetAction(result =>
        {
            var imagePath = result.GetValue(image)!;
            try
            {
                var loaded = ImageReader.Load(imagePath);
                var outPath = result.GetValue(output) ?? Path.Combine("out", Path.GetFileNameWithoutExtension(imagePath) + ".dll");
                var lastShown = -1;
                var r = ImageRecompiler.Recompile(loaded, outPath, (done, total) =>
                {
                    var percent = done * 100 / total;
                    if (percent / 10 == lastShown) return;
                    lastShown = percent / 10;
                    Console.Error.Write($"\rcompiling {done}/{total} methods ({percent}%)");
                });
                Console.Error.WriteLine();
                foreach (var (reason, count) in r.NotCompiled) Console.WriteLine($"not compiled: {count} method(s): {reason}");
                Console.WriteLine($"wrote {outPath}");
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
}
