using ImageAot.Runtime.Display;
using ImageAot.Runtime.Execution;

namespace ImageAot.Launcher.Commands;

/// <summary>One run of an image: headless on this thread, or with the window on this thread and the VM on another.</summary>
public sealed partial class RunSession(Interpreter vm, EventScript? script, string? screenshotPath)
{
    /// <summary>The VM thread's stack: direct frames nest deeply before they flush.</summary>
    private const int VmStackBytes = 256 << 20;

    public int RunHeadless()
    {
        StartInput();
        return Finish(vm.Resume());
    }

    /// <summary>What both kinds of run do just before the image resumes: diagnostics traps and the scripted input.</summary>
    private void StartInput()
    {
        if (Environment.GetEnvironmentVariable("IMAGEAOT_TRACE_ERRORS") is "1") Runtime.Hosting.Evaluator.TrapErrors(vm);
        if (Environment.GetEnvironmentVariable("IMAGEAOT_TRACE_STARTUP") is "1") TraceFirstFrame();
        script?.ReplayInBackground(vm.Input, vm.Screen);
    }

    /// <summary>Reports on stderr when the first pixels reach the screen, and how much the JIT did until then.</summary>
    private void TraceFirstFrame()
    {
        vm.Screen.Shown = () =>
        {
            vm.Screen.Shown = null;
            var since = DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime;
            Console.Error.WriteLine($"first frame: {since.TotalMilliseconds:0} ms after the process started; " +
                                    $"{System.Runtime.JitInfo.GetCompiledMethodCount()} methods jitted ({System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms)");
        };
    }

    private int Finish(RunOutcome outcome)
    {
        Console.Out.Flush();
        if (Environment.GetEnvironmentVariable("IMAGEAOT_TRACE_STOP") is "1" || outcome == RunOutcome.Trapped)
        {
            if (vm.Trap is { } trap) Console.Error.WriteLine($"trap: {trap.Kind} {string.Join(" ", trap.Arguments.Select(a => Runtime.Execution.ObjectMemory.StringOf(a) ?? a.ToString()))}");
            Runtime.Hosting.Evaluator.PrintContextChain(vm);
        }
        if (screenshotPath is not null && outcome is RunOutcome.Timeout or RunOutcome.Quit)
        {
            if (!vm.Screen.ShowAll(vm.DisplayForm)) return Fail($"the image has no Display form to photograph ({DescribeDisplay()})");
            var (pixels, w, h) = vm.Screen.Snapshot();
            PngWriter.Write(screenshotPath, pixels, w, h);
            return outcome == RunOutcome.Quit ? vm.QuitCode ?? 0 : 0;
        }
        return outcome switch
        {
            RunOutcome.Quit => vm.QuitCode ?? 0,
            RunOutcome.Timeout => Fail("the run timed out"),
            RunOutcome.HeapLimit => Fail("the run exceeded the heap limit"),
            _ => Fail($"the run ended: {outcome}"),
        };
    }

    private string DescribeDisplay()
    {
        if (vm.DisplayForm.Ref is not Runtime.ObjectModel.PointersObject form) return "the Display is not an object with fields";
        var fields = string.Join(", ", form.Slots.Take(4).Select(v => v.IsSmallInt ? v.SmallIntValue.ToString() : v.Ref?.GetType().Name ?? "?"));
        return $"Display fields: {fields}";
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return CommandErrors.BadInput;
    }
}
