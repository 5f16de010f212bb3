using System.CommandLine;
using System.Text.Json;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.Inspection;

namespace ImageAot.Launcher.Commands;

/// <summary>`launcher info IMAGE [--json]`: what an image is, before running it.</summary>
public static class InfoCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "the image file" };
        var json = new Option<bool>("--json") { Description = "print a JSON object instead of text" };
        var command = new Command("info", "describe an image: format, object counts, classes, the active context") { image, json };
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            var info = ImageInfo.Of(ImageReader.Load(result.GetValue(image)!));
            Console.WriteLine(result.GetValue(json) ? JsonSerializer.Serialize(info, Json) : Describe(info));
            return 0;
        }));
        return command;
    }

    public static string Describe(ImageInfo info)
    {
        var w = new StringWriter();
        w.WriteLine($"format            {info.FormatDescription}");
        w.WriteLine($"byte order        {info.ByteOrder}-endian, {info.WordSize * 8}-bit words");
        w.WriteLine($"header            {info.HeaderSize} bytes" + (info.FilePrefixBytes > 0 ? $" after a {info.FilePrefixBytes}-byte prefix" : ""));
        w.WriteLine($"heap              {info.HeapBytes:N0} bytes in {info.Segments} segment(s)" + (info.TrailingBytes > 0 ? $", {info.TrailingBytes} trailing bytes ignored" : ""));
        w.WriteLine($"objects           {info.ObjectCount:N0}");
        w.WriteLine($"classes           {info.ClassCount:N0} (+ {info.MetaclassCount:N0} metaclasses)");
        w.WriteLine($"compiled methods  {info.CompiledMethodCount:N0} ({info.MethodDictionaryMethodCount:N0} in method dictionaries)");
        w.WriteLine($"bytecode sets     " + string.Join(", ", info.BytecodeSets.Select(kv => $"{kv.Key} {kv.Value:N0}")));
        w.WriteLine("special classes   " + string.Join(", ", info.SpecialClasses.Select(kv => $"{kv.Key}={kv.Value}")));
        w.WriteLine("active context");
        foreach (var c in info.ActiveContext) w.WriteLine($"  {c}");
        if (info.ActiveContext.Count == 0) w.WriteLine("  (none)");
        return w.ToString().TrimEnd();
    }
}
