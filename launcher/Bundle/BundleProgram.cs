using System.CommandLine;
using System.Reflection;
using ImageAot.Launcher.Commands;
using ImageAot.Recompiler.Bundling;

namespace ImageAot.Launcher.Bundle;

/// <summary>
/// The command line of a bundle (`./NAME [options] [ARGS...]`): the launcher's run options, plus
/// --eval and --pristine; it runs the image the executable carries.
/// </summary>
public static class BundleProgram
{
    /// <summary>True in the executable recompile's bundle option publishes (an assembly mark set at publish time).</summary>
    public static bool IsBundleHost =>
        typeof(BundleProgram).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Any(a => a is { Key: "ImageAotBundleHost", Value: "true" });

    public static int Run(string[] args)
    {
        var runOptions = new RunOptions();
        var vmOptions = new VmOptions();
        vmOptions.Timeout.DefaultValueFactory = _ => 0;
        var eval = new Option<string?>("--eval") { Description = "evaluate this expression with the image's compiler, print its printString and exit" };
        var pristine = new Option<bool>("--pristine") { Description = "start from the image inside the bundle again (the saved snapshot and its changes are discarded)" };
        var root = new RootCommand("a Squeak/Smalltalk image with its VM (ImageAot bundle)") { eval, pristine };
        runOptions.AddTo(root);
        vmOptions.AddTo(root, assemblyOption: false);
        root.SetAction(result => CommandErrors.Guard(() =>
        {
            var self = Environment.ProcessPath ?? throw new IOException("cannot tell where this program is");
            var payload = BundlePayload.Open(self);
            var expression = result.GetValue(eval);
            var plan = expression is null ? runOptions.Check(result) : null;
            var interpretOnly = result.GetValue(vmOptions.InterpretOnly);
            var bundled = BundledImage.Prepare(payload, result.GetValue(pristine), withCode: !interpretOnly);
            Runtime.Execution.Interpreter? shown = null;
            Func<bool>? afterFirstFrame = plan is null ? null : () => shown?.Screen.EverShown == true;
            var code = bundled.CodePath is null ? null : VmOptions.StartLoading(bundled.CodePath, startWhen: afterFirstFrame);
            var vm = shown = vmOptions.CreateInterpreter(result, bundled.Image, bundled.ImagePath, code);
            vm.SnapshotsAllowed = bundled.CanSave;
            vm.VmPath = Path.GetDirectoryName(bundled.ImagePath)!;   // the .sources files are unpacked there
            return plan is null ? EvalCommand.EvaluateAndPrint(vm, expression!, startUp: true) : RunOptions.Run(plan, vm, payload.BundleName);
        }));
        return root.Parse(args).Invoke();
    }
}
