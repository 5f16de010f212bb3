using System.CommandLine;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;

namespace ImageAot.Launcher.Commands;

/// <summary>`launcher run IMAGE --headless`: resume the snapshot and run until the image quits.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "the image file" };
        var headless = new Option<bool>("--headless") { Description = "run without a window" };
        var vmOptions = new VmOptions();
        vmOptions.Timeout.DefaultValueFactory = _ => 0;
        var command = new Command("run", "resume the image's snapshot and run it") { image, headless };
        vmOptions.AddTo(command);
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            if (!result.GetValue(headless)) throw new UsageException("only --headless runs are available so far");
            var imagePath = result.GetValue(image)!;
            var vm = vmOptions.CreateInterpreter(result, imagePath);
            vm.SnapshotResumeValue = vm.Mem.TrueV;
            var outcome = vm.Resume();
            Console.Out.Flush();
            return outcome switch
            {
                RunOutcome.Quit => vm.QuitCode ?? 0,
                RunOutcome.Timeout => Fail("the run timed out"),
                RunOutcome.HeapLimit => Fail("the run exceeded the heap limit"),
                _ => Fail($"the run ended: {outcome}"),
            };
        }));
        return command;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return CommandErrors.BadInput;
    }
}
