using System.CommandLine;

namespace ImageAot.Launcher.Commands;

/// <summary>
/// `launcher run IMAGE [ARGS...]`: resume the snapshot in a window (or headless) and run until the
/// image quits; optionally replay scripted input and photograph the screen.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "the image file" };
        var runOptions = new RunOptions();
        var vmOptions = new VmOptions();
        vmOptions.Timeout.DefaultValueFactory = _ => 0;
        var command = new Command("run", "resume the image's snapshot and run it in a window or headless") { image };
        runOptions.AddTo(command);
        vmOptions.AddTo(command);
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            var imagePath = result.GetValue(image)!;
            var plan = runOptions.Check(result);
            var vm = vmOptions.CreateInterpreter(result, imagePath, afterFirstFrame: true);
            return RunOptions.Run(plan, vm, Path.GetFileName(imagePath));
        }));
        return command;
    }
}
