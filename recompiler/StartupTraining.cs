using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;

namespace ImageAot.Recompiler;

/// <summary>
/// Learns which bodies an image needs to start: runs it headless in the interpreter until a few
/// seconds after its first frame (or until it stops), recording the content key of every method
/// it runs. A bundle precompiles those bodies (ReadyToRun) and leaves the rest to the JIT, which
/// keeps both the bundle and the time to make it small while nothing before the first frame is jitted.
/// </summary>
public static class StartupTraining
{
    /// <summary>How long the image runs after its first frame: the world's first cycles after the drawing.</summary>
    private static readonly TimeSpan AfterFirstFrame = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static IReadOnlySet<ulong> Run(string imagePath)
    {
        var recorder = new CompiledCode(new Dictionary<ulong, CompiledCode.Tokens>(), (_, _) => null!, (_, _) => 0, (_, _, _) => 0) { UsedKeys = new() };
        var vm = new Interpreter(ImageReader.Load(imagePath))
        {
            ImagePath = Path.GetFullPath(imagePath),
            Timeout = Limit,
            InputSource = true,
            SnapshotsAllowed = false,
            Stdout = TextWriter.Null,
            Stderr = TextWriter.Null,
            Compiled = recorder,
        };
        using var firstFrame = new ManualResetEventSlim();
        vm.Screen.Shown = () => firstFrame.Set();
        // Direct frames nest deeply: the VM gets the large stack the launcher gives it.
        var thread = new Thread(() =>
        {
            // Training is a measurement: whatever stops the image, the keys seen so far are the answer.
            try { vm.Resume(); }
            catch (Exception) { }
        }, 256 << 20) { IsBackground = true, Name = "start-up training" };
        thread.Start();
        if (WaitHandle.WaitAny([firstFrame.WaitHandle, ThreadEnded(thread)], Limit) == 0 && !thread.Join(AfterFirstFrame))
        {
            vm.Input.QuitRequested = true;
            vm.Input.Interrupt();
        }
        thread.Join(Limit);   // the run's own time limit ends it by then
        while (true)
        {
            try { return new HashSet<ulong>(recorder.UsedKeys); }
            catch (InvalidOperationException) { Thread.Sleep(100); }   // still running: copy again
        }
    }

    private static WaitHandle ThreadEnded(Thread thread)
    {
        var ended = new ManualResetEvent(false);
        new Thread(() => { thread.Join(); ended.Set(); }) { IsBackground = true }.Start();
        return ended;
    }
}
