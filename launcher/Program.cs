using System.CommandLine;
using ImageAot.Launcher.Commands;

namespace ImageAot.Launcher;

public static class Program
{
    public static int Main(string[] args)
    {
        if (Bundle.BundleProgram.IsBundleHost) return Bundle.BundleProgram.Run(args);
        var root = new RootCommand("ImageAot: a Squeak/Smalltalk virtual machine for .NET")
        {
            InfoCommand.Create(),
            SaveCommand.Create(),
            EvalCommand.Create(),
            RunCommand.Create(),
            BenchCommand.Create(),
            TestCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
