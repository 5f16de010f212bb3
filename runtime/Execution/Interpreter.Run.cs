using System.Diagnostics;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// Running: the dispatch between bytecode sets, host calls into Smalltalk, limits and the clock.
public sealed partial class Interpreter
{
    private bool stopRequested;
    private PointersObject? baseContext;
    private Value topLevelResult;
    private RunOutcome outcome;

    /// <summary>Report once, on stderr, how long after process start the first bytecode runs (IMAGEAOT_TRACE_STARTUP=1).</summary>
    public bool TraceStartup = Environment.GetEnvironmentVariable("IMAGEAOT_TRACE_STARTUP") == "1";

    /// <summary>Wall-clock limit for a run (null = none).</summary>
    public TimeSpan? Timeout;
    /// <summary>Managed heap limit in bytes; exceeding it ends the run (runaway allocation, infinite recursion).</summary>
    public long HeapLimitBytes = 4L << 30;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long deadlineMs = long.MaxValue;

    /// <summary>Set when the image quits (primitiveQuit).</summary>
    public int? QuitCode { get; private set; }

    /// <summary>What the run found when a trapped method (an unhandled error on its way to a debugger) was reached.</summary>
    public TrapHit? Trap { get; private set; }

    public long MillisecondsSinceStart => clock.ElapsedMilliseconds;

    /// <summary>
    /// The millisecond clock the image reads (primitive 135): wall-clock based and wrapping at
    /// 2^29 like the classic VM's, so it does not restart near zero at every launch (images keep
    /// clock values from the previous session and expect later ones to be larger).
    /// </summary>
    public long MillisecondClock => (clockBase + clock.ElapsedMilliseconds) & MillisecondClockMask;
    public const long MillisecondClockMask = 0x1FFFFFFF;
    private readonly long clockBase = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() & MillisecondClockMask;

    /// <summary>Runs bytecodes until the image quits, a host call returns, a trap is hit or a limit is reached.</summary>
    private RunOutcome RunLoop()
    {
        stopRequested = false;
        outcome = RunOutcome.Running;
        deadlineMs = Timeout is { } t ? clock.ElapsedMilliseconds + (long)t.TotalMilliseconds : long.MaxValue;
        if (TraceStartup)
        {
            TraceStartup = false;
            Stderr.WriteLine($"first bytecode at {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms after process start");
        }
        try
        {
            while (!stopRequested)
            {
                if (CanResumeDirect()) ResumeDirect();
                else
                {
                    directBlocked = false;
                    if (methodInfo.Body is { } body && !bodyJustRan) RunCompiledBody(body);
                    else if (methodInfo.UsesSista) InterpretSista();
                    else InterpretV3();
                }
            }
        }
        catch (RunStopped)
        {
        }
        catch (InsufficientExecutionStackException)
        {
            outcome = RunOutcome.HeapLimit;
        }
        catch (OutOfMemoryException)
        {
            outcome = RunOutcome.HeapLimit;
        }
        if (outcome == RunOutcome.HeapLimit) ForgetLowSpaceOfRunaway();
        return outcome;
    }

    public void Stop(RunOutcome why)
    {
        outcome = why;
        stopRequested = true;
    }

    private void FinishTopLevel(Value result)
    {
        topLevelResult = result;
        Stop(RunOutcome.Returned);
    }

    /// <summary>
    /// Sends a message from the host in a fresh process of its own (the snapshot's processes
    /// stay as they were) and runs until it answers. The result is valid when the outcome is
    /// <see cref="RunOutcome.Returned"/>.
    /// </summary>
    public RunOutcome Call(Value rcvr, SqObject selector, ReadOnlySpan<Value> args, out Value result)
    {
        var callMethod = HostCallMethod(selector, args.Length);
        var info = InfoOf(callMethod);
        var slots = new Value[Layout.CtxTempStart + info.FrameSize + args.Length + 2];
        var ctx = new PointersObject(Mem.ClassMethodContext, Mem.NewHash(Mem.ClassMethodContext), 3, slots);
        slots[Layout.CtxSender] = Mem.NilV;
        slots[Layout.CtxMethod] = callMethod;
        slots[Layout.CtxClosure] = Mem.NilV;
        slots[Layout.CtxReceiver] = Mem.NilV;
        slots[Layout.CtxTempStart] = rcvr;
        for (var i = 0; i < args.Length; i++) slots[Layout.CtxTempStart + 1 + i] = args[i];
        slots[Layout.CtxPc] = Value.SmallInt(info.BytecodeOffset + 1);
        slots[Layout.CtxStackp] = Value.SmallInt(args.Length + 1);
        for (var i = Layout.CtxTempStart + args.Length + 1; i < slots.Length; i++) slots[i] = Mem.NilV;

        PrepareForHostCall();
        var process = (PointersObject)Mem.Instantiate(Mem.ClassProcess, 0)!;
        var sched = Scheduler;
        process.Slots[Layout.ProcPriority] = Value.SmallInt(UserSchedulingPriority);
        sched.Slots[Layout.SchedActiveProcess] = process;
        hostProcess = process;
        baseContext = ctx;
        Trap = null;
        FetchContextRegisters(ctx);
        var o = RunLoop();
        AfterHostCall(o);
        result = o == RunOutcome.Returned ? topLevelResult : Mem.NilV;
        baseContext = null;
        return o;
    }

    /// <summary>Names the host-call methods in their method-class slot, so that one saved in a snapshot is still recognised.</summary>
    private const string HostCallMark = "ImageAot host call";

    private static bool IsHostCallMethod(CompiledMethodObject m) =>
        m.Literals.Length == 2 && m.Literals[1].Ref is PointersObject b && b.Slots.Length == 2 && ObjectMemory.StringOf(b.Slots[0]) == HostCallMark;

    /// <summary>
    /// A host call made in an earlier session (saved in a snapshot while it waited) has answered,
    /// with nobody left to take the answer: its process simply ends, as a finished fork does.
    /// </summary>
    private void EndStaleHostCall()
    {
        var finished = ActiveProcess;
        WakeHighestPriority();
        finished.Slots[Layout.ProcSuspendedContext] = Mem.NilV;
    }

    /// <summary>The priority user code runs at: 40 of 80 in Squeak 3 and later, 4 of 8 in Squeak 1 and 2.</summary>
    private int UserSchedulingPriority => ProcessLists.Slots.Length >= 80 ? 40 : Math.Max(1, ProcessLists.Slots.Length / 2);

    /// <summary>A two-bytecode method that sends the selector to what its context holds and returns the answer.</summary>
    private CompiledMethodObject HostCallMethod(SqObject selector, int argCount)
    {
        long header = Mem.IsSpur
            ? (1L << 17) | 2
            : (1L << 17) | (2L << 9);
        var binding = new PointersObject(Mem.ClassArray, Mem.NewHash(Mem.ClassArray), 2, [Mem.NewString(HostCallMark), Mem.NilV]);
        byte[] bytes = argCount <= 7
            ? [(byte)131, (byte)(argCount << 5), 124, 0]
            : [(byte)132, (byte)argCount, 0, 124];
        return new CompiledMethodObject(Mem.ClassCompiledMethod, Mem.NewHash(Mem.ClassCompiledMethod), Mem.IsSpur ? (byte)24 : (byte)12,
            Value.SmallInt(header), [selector, binding], bytes);
    }

    /// <summary>Resumes the snapshot's active process where the snapshot left it, and runs until the image quits or a limit is reached.</summary>
    public RunOutcome Resume()
    {
        var process = ActiveProcess;
        var ctx = (PointersObject)process.Slots[Layout.ProcSuspendedContext].Obj;
        process.Slots[Layout.ProcSuspendedContext] = Mem.NilV;
        // The snapshot primitive's answer (true) was saved on the context's stack: nothing to push.
        FetchContextRegisters(ctx);
        return RunLoop();
    }

    // ---- traps: methods whose activation ends the run (an unhandled error on its way to a debugger)

    public void SetTrap(CompiledMethodObject m, string kind, int unlessProcessSlot = -1)
    {
        var info = InfoOf(m);
        info.Trap = kind;
        info.TrapUnlessProcessSlot = unlessProcessSlot;
        FlushMethodCache();   // send sites and the method cache may already call it directly
    }

    /// <summary>Whether a trapped method's activation ends the run now (see <see cref="MethodInfo.TrapUnlessProcessSlot"/>).</summary>
    private bool TrapApplies(MethodInfo info) =>
        info.TrapUnlessProcessSlot < 0
        || ActiveProcess.Slots.Length <= info.TrapUnlessProcessSlot
        || ReferenceEquals(ActiveProcess.Slots[info.TrapUnlessProcessSlot].Ref, Mem.Nil);

    private void HitTrap(MethodInfo info, int argCount)
    {
        var args = new Value[argCount];
        for (var i = 0; i < argCount; i++) args[i] = frame[sp - argCount + 1 + i];
        Trap = new TrapHit(info.Trap!, frame[sp - argCount], args);
        Stop(RunOutcome.Trapped);
    }

    // ---- interrupts, clock and limits

    private long nextWakeupMs;
    private const int HeapCheckEvery = 64;
    private int heapCheckCountdown = HeapCheckEvery;

    /// <summary>Millisecond at which the timer semaphore is due (0 = not scheduled).</summary>
    public void ScheduleTimer(long atMs) => nextWakeupMs = atMs;

    private void CheckForInterrupts()
    {
        InterruptCountdown = InterruptPeriod;
        if (PendingCompiled is { IsCompleted: true }) AdoptCompiledCode();
        // A loop the interpreter has been running for a while goes on compiled from its next resume point.
        if (methodInfo is not null) AttachIfAwaiting(methodInfo);
        var now = clock.ElapsedMilliseconds;
        if (now >= deadlineMs) { Stop(DeadlineOutcome); return; }
        if (--heapCheckCountdown <= 0)
        {
            heapCheckCountdown = HeapCheckEvery;
            Mem.HeapChecked();
            if (GC.GetTotalMemory(false) > HeapLimitBytes)
            {
                GC.Collect();
                if (GC.GetTotalMemory(true) > HeapLimitBytes) { Stop(RunOutcome.HeapLimit); return; }
            }
            CheckLowSpaceThreshold();
        }
        SignalLowSpaceIfOwed();
        CheckDisplayAndInput(now);
        PollSound(now);
        NoteSettleClock(now);
        if (deadlineMs == 0) { Stop(DeadlineOutcome); return; }
        if (nextWakeupMs != 0 && now >= nextWakeupMs)
        {
            nextWakeupMs = 0;
            if (Mem.Special(SpecialObjectIndex.TheTimerSemaphore).Ref is PointersObject sema && !ReferenceEquals(sema, Mem.Nil))
                SignalSemaphore(sema);
        }
    }

    /// <summary>With no process ready, sleeps until the timer is due or input arrives; false if nothing can ever wake a process.</summary>
    private bool WaitForExternalEvent()
    {
        var hasInput = Screen.Host is not null || InputSource || SoundKeepsAwake;
        if (nextWakeupMs == 0 && !hasInput) return false;
        RefreshDisplay();
        var cap = SoundRunning ? SoundPollMs : IdleWaitCapMs;
        var wait = nextWakeupMs == 0 ? cap : Math.Min(cap, nextWakeupMs - clock.ElapsedMilliseconds);
        if (clock.ElapsedMilliseconds + Math.Max(wait, 0) > deadlineMs) { Stop(DeadlineOutcome); throw new RunStopped(); }
        if (wait > 0) Input.Wait((int)wait);
        CheckForInterrupts();
        if (stopRequested) throw new RunStopped();
        return true;
    }

    /// <summary>Something other than a window feeds <see cref="Input"/> (a replayed script): waiting for input is not a deadlock.</summary>
    public bool InputSource;

    /// <summary>The longest an idle VM sleeps before looking around again.</summary>
    private const int IdleWaitCapMs = 100;

    /// <summary>
    /// The idle process gives up the processor: sleep until the timer is due or input arrives (not
    /// just the microseconds asked for), so an idle image costs almost no CPU.
    /// </summary>
    public void Relinquish(long microseconds)
    {
        RefreshDisplay();
        NoteIdle();
        if (settled) return;
        long ms = SoundRunning ? SoundPollMs : IdleWaitCapMs;
        if (nextWakeupMs != 0) ms = Math.Min(ms, Math.Max(0, nextWakeupMs - clock.ElapsedMilliseconds));
        ms = Math.Min(ms, Math.Max(0, deadlineMs - clock.ElapsedMilliseconds));
        if (ms > 0) Input.Wait((int)ms);
        InterruptCountdown = 0;
    }

    public void Quit(int code)
    {
        QuitCode = code;
        Stop(RunOutcome.Quit);
    }
}

public enum RunOutcome
{
    Running, Returned, Quit, Trapped, Timeout, HeapLimit,
    /// <summary>Start-up is done (<see cref="Interpreter.StartUp"/>).</summary>
    Settled,
    /// <summary>A host call's own process suspended or terminated itself: it will never answer.</summary>
    CallerSuspended,
}

public sealed record TrapHit(string Kind, Value Receiver, Value[] Arguments);

/// <summary>Unwinds the interpreter's .NET frames when a run must stop inside a nested call.</summary>
public sealed class RunStopped : Exception;
