using System.CommandLine;
using ImageAot.Runtime.Display;
using ImageAot.Runtime.Execution;

namespace ImageAot.Launcher.Commands;

/// <summary>
/// How an image runs: in a window or headless, photographed, with scripted input, with arguments
/// for the image. Shared by `launcher run` and by bundles, which take the same options.
/// </summary>
public sealed class RunOptions
{
    public readonly Argument<string[]> ImageArgs = new("ARGS") { Description = "arguments for the image (system attributes 2, 3, ...); put them after -- when they start with -", Arity = ArgumentArity.ZeroOrMore };
    public readonly Option<bool> Headless = new("--headless") { Description = "run without a window (the Display stays in memory)" };
    public readonly Option<string?> Screenshot = new("--screenshot") { Description = "write the Display as a PNG after --after seconds, then exit" };
    public readonly Option<double> After = new("--after") { Description = "seconds to run before the screenshot", DefaultValueFactory = _ => 5 };
    public readonly Option<string?> Events = new("--events") { Description = "replay the input events in this file (format in the README)" };
    public readonly Option<bool> SwapButtons = new("--swap-buttons") { Description = "exchange the yellow (middle) and blue (right) mouse buttons" };

    public void AddTo(Command c)
    {
        c.Arguments.Add(ImageArgs);
        c.Options.Add(Headless);
        c.Options.Add(Screenshot);
        c.Options.Add(After);
        c.Options.Add(Events);
        c.Options.Add(SwapButtons);
    }

    /// <summary>What the options ask for, checked before the image loads so that a mistake costs no time.</summary>
    public sealed record Plan(string? ShotPath, double AfterSeconds, EventScript? Script, bool Headless, bool SwapButtons, string[] ImageArgs);

    public Plan Check(ParseResult result)
    {
        var shotPath = result.GetValue(Screenshot);
        var afterSeconds = result.GetValue(After);
        if (shotPath is not null && !(afterSeconds >= 0)) throw new UsageException("--after must not be negative");
        if (shotPath is not null && Path.GetDirectoryName(Path.GetFullPath(shotPath)) is { } dir && !Directory.Exists(dir))
            throw new UsageException($"no folder for the screenshot: {dir}");
        return new Plan(shotPath, afterSeconds, LoadScript(result.GetValue(Events)), result.GetValue(Headless), result.GetValue(SwapButtons),
            [.. result.GetValue(ImageArgs) ?? []]);
    }

    /// <summary>Runs the loaded image until it quits (or the screenshot is taken); answers the exit code.</summary>
    public static int Run(Plan plan, Interpreter vm, string title)
    {
        vm.ImageArguments = [.. plan.ImageArgs];
        // Pharo's VM passes its options before the image; the image looks for --headless among them.
        if (plan.Headless) vm.VmArguments = ["--headless"];
        if (plan.ShotPath is not null)
        {
            var limit = TimeSpan.FromSeconds(plan.AfterSeconds);
            vm.Timeout = vm.Timeout is { } t && t < limit ? t : limit;
            vm.InputSource = true;
        }
        if (plan.Script is not null) vm.InputSource = true;
        var session = new RunSession(vm, plan.Script, plan.ShotPath);
        return plan.Headless ? session.RunHeadless() : session.RunInWindow(title, plan.SwapButtons);
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
