using System.CommandLine;
using ImageAot.Runtime.Display;
using ImageAot.Runtime.Execution;

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
        var imageArgs = new Argument<string[]>("ARGS") { Description = "arguments for the image (system attributes 2, 3, ...); put them after -- when they start with -", Arity = ArgumentArity.ZeroOrMore };
        var headless = new Option<bool>("--headless") { Description = "run without a window (the Display stays in memory)" };
        var screenshot = new Option<string?>("--screenshot") { Description = "write the Display as a PNG after --after seconds, then exit" };
        var after = new Option<double>("--after") { Description = "seconds to run before the screenshot", DefaultValueFactory = _ => 5 };
        var events = new Option<string?>("--events") { Description = "replay the input events in this file (format in the README)" };
        var swapButtons = new Option<bool>("--swap-buttons") { Description = "exchange the yellow (middle) and blue (right) mouse buttons" };
        var vmOptions = new VmOptions();
        vmOptions.Timeout.DefaultValueFactory = _ => 0;
        var command = new Command("run", "resume the image's snapshot and run it in a window or headless")
            { image, imageArgs, headless, screenshot, after, events, swapButtons };
        vmOptions.AddTo(command);
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            var imagePath = result.GetValue(image)!;
            var shotPath = result.GetValue(screenshot);
            var afterSeconds = result.GetValue(after);
            if (shotPath is not null && !(afterSeconds >= 0)) throw new UsageException("--after must not be negative");
            if (shotPath is not null && Path.GetDirectoryName(Path.GetFullPath(shotPath)) is { } dir && !Directory.Exists(dir))
                throw new UsageException($"no folder for the screenshot: {dir}");
            var script = LoadScript(result.GetValue(events));

            var vm = vmOptions.CreateInterpreter(result, imagePath);
            vm.ImageArguments = [.. result.GetValue(imageArgs) ?? []];
            if (shotPath is not null)
            {
                var limit = TimeSpan.FromSeconds(afterSeconds);
                vm.Timeout = vm.Timeout is { } t && t < limit ? t : limit;
                vm.InputSource = true;
            }
            if (script is not null) vm.InputSource = true;

            var session = new RunSession(vm, script, shotPath);
            return result.GetValue(headless)
                ? session.RunHeadless()
                : session.RunInWindow(Path.GetFileName(imagePath), result.GetValue(swapButtons));
        }));
        return command;
    }

    private static EventScript? LoadScript(string? path)
    {
        if (path is null) return null;
        if (!File.Exists(path)) throw new UsageException($"no such events file: {path}");
        try
        {
            return EventScript.Parse(File.ReadAllText(path), path);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
