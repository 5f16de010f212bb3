using System.CommandLine;
using ImageAot.Runtime.Image;

namespace ImageAot.Launcher.Commands;

/// <summary>`launcher save IN OUT`: reads an image and writes it back in the same format and byte order.</summary>
public static class SaveCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "the image to read" };
        var output = new Argument<string>("OUT") { Description = "where to write it" };
        var command = new Command("save", "read an image and write it out again (the snapshot writer)") { input, output };
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            var image = ImageReader.Load(result.GetValue(input)!);
            var stats = ImageWriter.Save(image, result.GetValue(output)!);
            Console.WriteLine($"wrote {stats.ObjectCount:N0} objects, {stats.Bytes:N0} bytes to {result.GetValue(output)}");
            return 0;
        }));
        return command;
    }
}
