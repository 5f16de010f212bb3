using System.CommandLine;
using System.Text.Json;
using ImageAot.Recompiler;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Hosting;
using ImageAot.Runtime.Image;

namespace ImageAot.Launcher.Commands;

/// <summary>`launcher bench IMAGE [--json]`: tinyBenchmarks in the interpreter tier and the recompiled tier, in one process.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "the image file" };
        var json = new Option<bool>("--json") { Description = "print a JSON object" };
        var assembly = new Option<string?>("--assembly") { Description = "compiled bodies (default: out/NAME.dll, else the image is recompiled into a temporary assembly)" };
        var command = new Command("bench", "run 0 tinyBenchmarks in the interpreter and in the recompiled tier and compare") { image, json, assembly };
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            var imagePath = result.GetValue(image)!;
            ImageReader.Load(imagePath);   // a bad image fails here, once, with one line
            var bodies = CompiledAssembly.Load(AssemblyFor(imagePath, result.GetValue(assembly)));
            Interpreter NewVm(CompiledCode? b) =>
                new(ImageReader.Load(imagePath)) { ImagePath = Path.GetFullPath(imagePath), Timeout = TimeSpan.FromMinutes(10), Compiled = b };
            var interpreter = TinyBenchmarks.Run(() => NewVm(null));
            var recompiled = TinyBenchmarks.Run(() => NewVm(bodies));
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { interpreter, recompiled }, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
                return 0;
            }
            Console.WriteLine($"interpreter  {interpreter.BytecodesPerSec:N0} bytecodes/sec  {interpreter.SendsPerSec:N0} sends/sec");
            Console.WriteLine($"recompiled   {recompiled.BytecodesPerSec:N0} bytecodes/sec  {recompiled.SendsPerSec:N0} sends/sec");
            Console.WriteLine($"ratio        {recompiled.BytecodesPerSec / interpreter.BytecodesPerSec:F2}x bytecodes  {recompiled.SendsPerSec / interpreter.SendsPerSec:F2}x sends");
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
