using System.Runtime.ExceptionServices;
using ImageAot.Launcher.Window;
using ImageAot.Runtime.Execution;

namespace ImageAot.Launcher.Commands;

// The windowed run: SDL needs the thread that opened the window, so the VM runs on another.
public sealed partial class RunSession
{
    public int RunInWindow(string title, bool swapButtons)
    {
        SdlWindow window;
        try
        {
            window = SdlWindow.Open(title, vm.Screen.WindowWidth, vm.Screen.WindowHeight, vm, swapButtons);
        }
        catch (WindowUnavailableException e)
        {
            throw new UsageException(e.Message);
        }
        using (window)
        {
            // With a window the image may be heard: its sound goes to the card (the silent device when none opens).
            vm.AudioDevices = SdlAudioDevice.Open;
            StartInput();
            var outcome = RunOutcome.Running;
            ExceptionDispatchInfo? failure = null;
            var thread = new Thread(() =>
            {
                try { outcome = vm.Resume(); }
                catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
            }, VmStackBytes) { IsBackground = true, Name = "Smalltalk" };
            thread.Start();
            window.RunEventLoop(() => !thread.IsAlive);
            // The window was closed while the image was busy: the process ends (the VM thread is a background thread).
            if (thread.IsAlive) return 0;
            failure?.Throw();
            return Finish(outcome);
        }
    }
}
