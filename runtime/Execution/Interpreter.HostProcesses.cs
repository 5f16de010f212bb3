using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// The image's own start-up before host calls, and what happens to the processes a host run
// leaves behind: a call that stops early must neither lose the image's processes nor leave a
// runaway one running beside the next call.
public sealed partial class Interpreter
{
    /// <summary>While true, the first idle moment after the screen showed something ends the run (start-up has settled).</summary>
    private bool settleOnIdle;
    private bool settled;

    /// <summary>The process of the host call under way or last made (null before any).</summary>
    private PointersObject? hostProcess;

    /// <summary>
    /// The active process was stopped in the middle of its work (a limit, settling): it must be
    /// saved before another process takes over, or the image loses it.
    /// </summary>
    private bool activeNeedsParking;

    /// <summary>
    /// Resumes the snapshot as a launch would, so the image's start-up list runs (Display, Sensor,
    /// the world), and stops at the first idle moment after something was drawn, or after
    /// <paramref name="cap"/>. Host calls made afterwards run beside the image's own processes.
    /// Answers <see cref="RunOutcome.Settled"/>, or how start-up ended otherwise (quit, error trap, heap).
    /// </summary>
    public RunOutcome StartUp(TimeSpan cap)
    {
        var saved = Timeout;
        Timeout = saved is { } t && t < cap ? t : cap;
        settleOnIdle = true;
        settled = false;
        try
        {
            var o = Resume();
            if (o == RunOutcome.Timeout) o = RunOutcome.Settled;
            // An image whose start-up is a script quits at its end: start-up is over, and the quitting process is dropped.
            if (o == RunOutcome.Quit)
            {
                QuitCode = null;
                return RunOutcome.Settled;
            }
            if (o == RunOutcome.Settled) activeNeedsParking = true;
            return o;
        }
        finally
        {
            settleOnIdle = false;
            settled = false;
            Timeout = saved;
        }
    }

    /// <summary>Relinquish notes idleness: once the image has drawn, its start-up is done.</summary>
    private void NoteIdle()
    {
        if (!settleOnIdle || settled || !Screen.EverShown) return;
        Settle();
    }

    /// <summary>
    /// Some images never idle (their world loop polls): start-up counts as done once the VM has
    /// worked this long after the first frame. Worked, not waited: the time is the VM thread's
    /// processor time where the host tells it (<see cref="ThreadCpuClock"/>), so a busy machine,
    /// which slows Scratch's start-up after its first frame to several seconds, does not end
    /// start-up before the world is built; elsewhere it is the wall clock.
    /// </summary>
    private const long SettleAfterFirstFrameMs = 1500;
    private long firstFrameSeenMs = -1;
    /// <summary>The wall clock at the last reading of the processor time (it is a system call: read every 10 ms at most).</summary>
    private long lastSettleReadingMs = -1;

    /// <summary>Called with the interrupt checks while settling: the busy-world rule.</summary>
    private void NoteSettleClock(long now)
    {
        if (!settleOnIdle || settled || !(Screen.EverShown || Screen.HasDrawnArea)) return;
        if (lastSettleReadingMs >= 0 && now - lastSettleReadingMs < 10) return;
        lastSettleReadingMs = now;
        var worked = ThreadCpuClock.Milliseconds() ?? now;
        if (firstFrameSeenMs < 0) firstFrameSeenMs = worked;
        else if (worked - firstFrameSeenMs >= SettleAfterFirstFrameMs) Settle();
    }

    private void Settle()
    {
        settled = true;
        deadlineMs = 0;
        InterruptCountdown = 0;
    }

    /// <summary>Why the run's deadline passed: a real timeout, or start-up settling.</summary>
    private RunOutcome DeadlineOutcome => settled ? RunOutcome.Settled : RunOutcome.Timeout;

    /// <summary>
    /// Before a host call takes the processor: saves the process a stopped run left active (on
    /// its ready list, or where it was waiting), and drops the previous call's process if it never
    /// finished, so it cannot run again beside the new call.
    /// </summary>
    private void PrepareForHostCall()
    {
        var active = ActiveProcess;
        if (hostProcess is not null && !ReferenceEquals(active, hostProcess)) Abandon(hostProcess);
        if (activeNeedsParking && !ReferenceEquals(active, hostProcess))
        {
            StoreContextRegisters();
            Escape(activeContext);
            active.Slots[Layout.ProcSuspendedContext] = activeContext;
            var waiting = active.Slots.Length > Layout.ProcMyList && active.Slots[Layout.ProcMyList].Ref is PointersObject l && !ReferenceEquals(l, Mem.Nil);
            if (!waiting) MakeReady(active);
        }
        activeNeedsParking = false;
    }

    /// <summary>Takes an unfinished host-call process off whatever list holds it: it never runs again.</summary>
    private void Abandon(PointersObject process)
    {
        if (process.Slots.Length > Layout.ProcMyList && process.Slots[Layout.ProcMyList].Ref is PointersObject list && !ReferenceEquals(list, Mem.Nil))
            RemoveFromList(list, process);
        process.Slots[Layout.ProcSuspendedContext] = Mem.NilV;
    }

    /// <summary>After a host call ended: a call stopped while another process ran leaves that process to be parked.</summary>
    private void AfterHostCall(RunOutcome o)
    {
        var active = ActiveProcess;
        activeNeedsParking = o is RunOutcome.Timeout or RunOutcome.HeapLimit && !ReferenceEquals(active, hostProcess);
    }
}
