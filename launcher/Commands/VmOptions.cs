using System.CommandLine;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;

namespace ImageAot.Launcher.Commands;

/// <summary>Options every command that runs Smalltalk shares: limits and diagnostics.</summary>
public sealed class VmOptions
{
    public readonly Option<double> Timeout = new("--timeout") { Description = "stop after this many seconds (0 = no limit)", DefaultValueFactory = _ => 60 };
    public readonly Option<int> MaxHeapMb = new("--max-heap") { Description = "heap limit in MB", DefaultValueFactory = _ => 4096 };
    public readonly Option<bool> TraceMissing = new("--trace-missing") { Description = "report each primitive the image calls that is not implemented (once per name)" };

    public void AddTo(Command c)
    {
        c.Options.Add(Timeout);
        c.Options.Add(MaxHeapMb);
        c.Options.Add(TraceMissing);
    }

    public Interpreter CreateInterpreter(ParseResult result, SqueakImage image, string imagePath)
    {
        var vm = new Interpreter(image)
        {
            TraceMissing = result.GetValue(TraceMissing),
            HeapLimitBytes = (long)result.GetValue(MaxHeapMb) << 20,
            ImagePath = Path.GetFullPath(imagePath),
        };
        var seconds = result.GetValue(Timeout);
        if (seconds < 0) throw new UsageException("--timeout must not be negative");
        vm.Timeout = seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
        return vm;
    }
}

/// <summary>A wrong command line: reported as one line, exit 1.</summary>
public sealed class UsageException(string message) : Exception(message);
