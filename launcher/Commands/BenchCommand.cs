using System.CommandLine;
using System.Text.Json;
using ImageAot.Recompiler;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Hosting;
using ImageAot.Runtime.Image;

namespace ImageAot.Launcher.Commands;

/// <summary>
/// `launcher bench IMAGE [--json] [--suite]`: tinyBenchmarks in the interpreter tier and the
/// recompiled tier, in one process; with --suite also the benchmark image's own suite.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "the image file" };
        var json = new Option<bool>("--json") { Description = "print a JSON object" };
        var assembly = new Option<string?>("--assembly") { Description = "compiled bodies (default: out/NAME.dll, else the image is recompiled into a temporary assembly)" };
        var suite = new Option<bool>("--suite") { Description = "also run the image's own benchmark suite (squeakjs-benchmark.image: draw, fib, fill, blt, richards, prims)" };
        var command = new Command("bench", "run 0 tinyBenchmarks in the interpreter and in the recompiled tier and compare") { image, json, assembly, suite };
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            var imagePath = result.GetValue(image)!;
            ImageReader.Load(imagePath);   // a bad image fails here, once, with one line
            var bodies = CompiledAssembly.Load(AssemblyFor(imagePath, result.GetValue(assembly)));
            Interpreter NewVm(CompiledCode? b) =>
                new(ImageReader.Load(imagePath)) { ImagePath = Path.GetFullPath(imagePath), Timeout = TimeSpan.FromMinutes(10), Compiled = b };
            Dictionary<string, BenchmarkSuite.Outcome>? suiteInterpreter = null, suiteRecompiled = null;
            if (result.GetValue(suite))
            {
                if (!BenchmarkSuite.IsPresent(NewVm(null))) throw new UsageException("this image has no benchmark suite (no Benchmarking class)");
                suiteInterpreter = BenchmarkSuite.Run(() => NewVm(null));
                suiteRecompiled = BenchmarkSuite.Run(() => NewVm(bodies));
            }
            var interpreter = TinyBenchmarks.Run(() => NewVm(null));
            var recompiled = TinyBenchmarks.Run(() => NewVm(bodies));
            if (result.GetValue(json))
            {
                var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
                Console.WriteLine(suiteInterpreter is null
                    ? JsonSerializer.Serialize(new { interpreter, recompiled }, options)
                    : JsonSerializer.Serialize(new { interpreter, recompiled, suite = new { interpreter = suiteInterpreter, recompiled = suiteRecompiled } }, options));
                return 0;
            }
            Console.WriteLine($"interpreter  {interpreter.BytecodesPerSec:N0} bytecodes/sec  {interpreter.SendsPerSec:N0} sends/sec");
            Console.WriteLine($"recompiled   {recompiled.BytecodesPerSec:N0} bytecodes/sec  {recompiled.SendsPerSec:N0} sends/sec");
            Console.WriteLine($"ratio        {recompiled.BytecodesPerSec / interpreter.BytecodesPerSec:F2}x bytecodes  {recompiled.SendsPerSec / interpreter.SendsPerSec:F2}x sends");
            if (suiteInterpreter is not null)
                foreach (var e in BenchmarkSuite.Entries)
                {
                    var (i, r) = (suiteInterpreter[e.Name], suiteRecompiled![e.Name]);
                    Console.WriteLine(i.MedianMs is { } im && r.MedianMs is { } rm
                        ? $"{e.Name,-12} interpreter {im,6:F0} ms  recompiled {rm,6:F0} ms  {im / Math.Max(rm, 1):F2}x (median of 5 rounds)"
                        : $"{e.Name,-12} did not run: {(i.Error ?? r.Error)}");
                }
            return 0;
        }));
        return command;
    }

    private static string AssemblyFor(string imagePath, string? given)
    {
        if (given is not null) return File.Exists(given) ? given : throw new UsageException($"no assembly at {given}");
        var standard = Path.Combine("out", Path.GetFileNameWithoutExtension(imagePath) + ".dll");
        if (File.Exists(standard)) return standard;
        var temp = Path.Combine(Directory.CreateTempSubdirectory("imageaot-bench").FullName, Path.GetFileNameWithoutExtension(imagePath) + ".dll");
        ImageRecompiler.Recompile(ImageReader.Load(imagePath), temp);
        return temp;
    }
}
