using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// The process scheduler the image defines (ProcessorScheduler, Process, Semaphore, LinkedList):
// the VM switches the active process, keeps ready processes in the priority lists, and signals
// semaphores for the timer.
public sealed partial class Interpreter
{
    private PointersObject Scheduler =>
        (PointersObject)((PointersObject)Mem.Special(SpecialObjectIndex.SchedulerAssociation).Obj).Slots[Layout.AssocValue].Obj;

    public PointersObject ActiveProcess => (PointersObject)Scheduler.Slots[Layout.SchedActiveProcess].Obj;

    private static int PriorityOf(PointersObject process) =>
        process.Slots[Layout.ProcPriority].IsSmallInt ? (int)process.Slots[Layout.ProcPriority].Bits : 1;

    private bool IsNil(Value v) => v.Ref is null ? false : ReferenceEquals(v.Ref, Mem.Nil);

    private bool IsEmptyList(PointersObject list) => IsNil(list.Slots[Layout.ListFirst]);

    private void AddLast(PointersObject list, PointersObject process)
    {
        if (IsEmptyList(list)) list.Slots[Layout.ListFirst] = process;
        else ((PointersObject)list.Slots[Layout.ListLast].Obj).Slots[Layout.ProcNextLink] = process;
        list.Slots[Layout.ListLast] = process;
        process.Slots[Layout.ProcNextLink] = Mem.NilV;
        if (process.Slots.Length > Layout.ProcMyList) process.Slots[Layout.ProcMyList] = list;
    }

    private PointersObject RemoveFirst(PointersObject list)
    {
        var first = (PointersObject)list.Slots[Layout.ListFirst].Obj;
        var last = list.Slots[Layout.ListLast].Obj;
        if (ReferenceEquals(first, last)) { list.Slots[Layout.ListFirst] = Mem.NilV; list.Slots[Layout.ListLast] = Mem.NilV; }
        else list.Slots[Layout.ListFirst] = first.Slots[Layout.ProcNextLink];
        first.Slots[Layout.ProcNextLink] = Mem.NilV;
        if (first.Slots.Length > Layout.ProcMyList) first.Slots[Layout.ProcMyList] = Mem.NilV;
        return first;
    }

    /// <summary>Removes a process from whatever list holds it; false if it was not there.</summary>
    private bool RemoveFromList(PointersObject list, PointersObject process)
    {
        Value prev = Mem.NilV;
        var cur = list.Slots[Layout.ListFirst];
        while (cur.Ref is PointersObject p && !ReferenceEquals(p, Mem.Nil))
        {
            if (ReferenceEquals(p, process))
            {
                var next = p.Slots[Layout.ProcNextLink];
                if (prev.Ref is PointersObject pp && !ReferenceEquals(pp, Mem.Nil)) pp.Slots[Layout.ProcNextLink] = next;
                else list.Slots[Layout.ListFirst] = next;
                if (ReferenceEquals(list.Slots[Layout.ListLast].Ref, p)) list.Slots[Layout.ListLast] = prev;
                p.Slots[Layout.ProcNextLink] = Mem.NilV;
                if (p.Slots.Length > Layout.ProcMyList) p.Slots[Layout.ProcMyList] = Mem.NilV;
                return true;
            }
            prev = cur;
            cur = p.Slots[Layout.ProcNextLink];
        }
        return false;
    }

    private PointersObject ProcessLists => (PointersObject)Scheduler.Slots[Layout.SchedProcessLists].Obj;

    /// <summary>Puts a process on its priority's ready list.</summary>
    private void MakeReady(PointersObject process)
    {
        var lists = ProcessLists;
        var pri = Math.Clamp(PriorityOf(process), 1, lists.Slots.Length);
        AddLast((PointersObject)lists.Slots[pri - 1].Obj, process);
    }

    /// <summary>The highest-priority ready process, removed from its list; null if none is ready.</summary>
    private PointersObject? TakeHighestReady()
    {
        var lists = ProcessLists;
        for (var i = lists.Slots.Length - 1; i >= 0; i--)
            if (lists.Slots[i].Ref is PointersObject list && !ReferenceEquals(list, Mem.Nil) && !IsEmptyList(list))
                return RemoveFirst(list);
        return null;
    }

    /// <summary>Suspends the active process (saving its context) and runs <paramref name="process"/>.</summary>
    public void TransferTo(PointersObject process)
    {
        var sched = Scheduler;
        var old = (PointersObject)sched.Slots[Layout.SchedActiveProcess].Obj;
        StoreContextRegisters();
        Escape(activeContext);
        old.Slots[Layout.ProcSuspendedContext] = activeContext;
        sched.Slots[Layout.SchedActiveProcess] = process;
        var ctx = (PointersObject)process.Slots[Layout.ProcSuspendedContext].Obj;
        process.Slots[Layout.ProcSuspendedContext] = Mem.NilV;
        FetchContextRegisters(ctx);
    }

    /// <summary>Switches to the highest ready process after the active one started waiting; with nothing ready, waits for the timer.</summary>
    private void WakeHighestPriority()
    {
        while (true)
        {
            var next = TakeHighestReady();
            if (next is not null) { TransferTo(next); return; }
            // The active process is waiting now: what the timer wakes must not preempt it.
            activeIsWaiting = true;
            try
            {
                if (!WaitForExternalEvent())
                    throw new VmError("deadlock: no process is ready to run and no timer is pending");
            }
            finally { activeIsWaiting = false; }
        }
    }

    /// <summary>Makes a process runnable; it preempts the active one if its priority is higher.</summary>
    private bool activeIsWaiting;

    public void Resume(PointersObject process)
    {
        var active = ActiveProcess;
        if (!activeIsWaiting && PriorityOf(process) > PriorityOf(active))
        {
            MakeReady(active);
            TransferTo(process);
        }
        else MakeReady(process);
    }

    public void SignalSemaphore(PointersObject sema)
    {
        if (IsEmptyList(sema)) 
        {
            var excess = sema.Slots[Layout.SemaExcessSignals];
            sema.Slots[Layout.SemaExcessSignals] = Value.SmallInt((excess.IsSmallInt ? excess.Bits : 0) + 1);
        }
        else Resume(RemoveFirst(sema));
    }

    public void WaitOnSemaphore(PointersObject sema)
    {
        var excess = sema.Slots[Layout.SemaExcessSignals];
        var n = excess.IsSmallInt ? excess.Bits : 0;
        if (n > 0) { sema.Slots[Layout.SemaExcessSignals] = Value.SmallInt(n - 1); return; }
        AddLast(sema, ActiveProcess);
        WakeHighestPriority();
    }

    public void Yield()
    {
        var active = ActiveProcess;
        var lists = ProcessLists;
        var pri = Math.Clamp(PriorityOf(active), 1, lists.Slots.Length);
        var list = (PointersObject)lists.Slots[pri - 1].Obj;
        if (IsEmptyList(list)) return;
        MakeReady(active);
        WakeHighestPriority();
    }

    /// <summary>Suspends a process: the active one gives way; another is taken off its list.</summary>
    public bool Suspend(PointersObject process, int argCount)
    {
        if (ReferenceEquals(process, ActiveProcess))
        {
            Answer(argCount, Mem.NilV);
            // A host call whose process suspends (terminate does so at its end) will never answer.
            if (ReferenceEquals(process, hostProcess) && baseContext is not null) { Stop(RunOutcome.CallerSuspended); throw new RunStopped(); }
            WakeHighestPriority();
            return true;
        }
        var myList = process.Slots.Length > Layout.ProcMyList ? process.Slots[Layout.ProcMyList] : Mem.NilV;
        if (myList.Ref is PointersObject list && !ReferenceEquals(list, Mem.Nil))
        {
            RemoveFromList(list, process);
            return Answer(argCount, list);
        }
        return Fail();
    }
}

public sealed partial class Interpreter
{
    /// <summary>The active process waits on a list (a Mutex) until resumed.</summary>
    public void WaitOnList(PointersObject list)
    {
        AddLast(list, ActiveProcess);
        WakeHighestPriority();
    }

    public PointersObject? TakeFirstWaiting(PointersObject list) => IsEmptyList(list) ? null : RemoveFirst(list);
}
