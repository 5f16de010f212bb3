using System.Diagnostics;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.Memory;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// The image's view of memory: its own garbage collections (which clear weak slots) and the list
// of all objects that heap enumeration reads. Both walk from the same roots; the primitives that
// call them are never run from a direct-call frame, so every activation is a context by then.
public sealed partial class Interpreter
{
    public readonly GcStatistics GcStats = new();

    /// <summary>vmParameterAt:put: values for parameters this VM only remembers.</summary>
    public readonly Dictionary<int, long> VmParameterSettings = new();

    private HeapSnapshot? heapSnapshot;

    /// <summary>Heap walks done so far (collections and enumeration lists): what enumeration's reuse of one walk saves shows here.</summary>
    public int HeapWalks;

    /// <summary>What keeps objects alive: the special objects (through them classes, globals and every process) and the active context.</summary>
    private SqObject[] HeapRoots() => [Mem.SpecialObjects, ThisContext()];

    /// <summary>A list of every object, complete now: the last one when no object was made or changed class since, else a new walk.</summary>
    public HeapSnapshot FreshHeapSnapshot()
    {
        if (heapSnapshot is { } s && s.Version == Mem.HeapVersion) return s;
        HeapWalks++;
        var marker = new HeapMarker(Mem, traceWeakSlots: true);
        try { marker.Mark(HeapRoots()); }
        catch { marker.Abandon(); throw; }
        return Adopt(marker.Finish(rememberOrder: true));
    }

    /// <summary>
    /// A list complete for the instances of <paramref name="cls"/>: the last one while no instance
    /// of it was made and no object changed class since, so asking class after class (instanceCount
    /// over all classes) walks the heap once, not once per class.
    /// </summary>
    public HeapSnapshot HeapSnapshotFor(SqObject cls)
    {
        if (heapSnapshot is { } s && s.ShapeVersion == Mem.ShapeVersion && (cls.Flags & ObjectFlags.InstancesMade) == 0) return s;
        return FreshHeapSnapshot();
    }

    /// <summary>The list an enumeration under way reads (nextObject, nextInstance): never retaken, so objects made meanwhile cannot prolong it.</summary>
    public HeapSnapshot CurrentHeapSnapshot() => heapSnapshot ?? FreshHeapSnapshot();

    private HeapSnapshot Adopt(List<SqObject> live)
    {
        // A recycled context nobody could reach would come back to life unlisted.
        ForgetRecycledContexts();
        foreach (var o in live) o.Flags &= ~ObjectFlags.InstancesMade;
        return heapSnapshot = new HeapSnapshot(live, Mem.HeapVersion, Mem.ShapeVersion);
    }

    /// <summary>
    /// The image's garbage collection: marks from the roots without tracing weak slots, sets to nil
    /// every weak slot whose referent nothing else holds, lets the .NET GC reclaim what became
    /// unreachable (all generations when <paramref name="full"/>, else the youngest) and answers how
    /// many weak slots were cleared. The caller signals finalization once it has answered.
    /// </summary>
    public int CollectGarbage(bool full)
    {
        var watch = Stopwatch.StartNew();
        HeapWalks++;
        var marker = new HeapMarker(Mem, traceWeakSlots: false);
        int cleared;
        List<SqObject> live;
        try
        {
            marker.Mark(HeapRoots());
            cleared = marker.ClearUnmarkedWeakReferents();
            live = marker.Finish(rememberOrder: true);
        }
        catch { marker.Abandon(); throw; }
        // Weak slots now hold nil, so what only they held is gone: the marked objects are every object.
        Adopt(live);

        if (full)
        {
            var pauseBefore = GC.GetTotalPauseDuration();
            GC.Collect();
            GcStats.InducedFullPauseMs += (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
            GcStats.ImageFullCollections++;
            GcStats.ImageFullMs += watch.Elapsed.TotalMilliseconds;
        }
        else
        {
            GC.Collect(0);
            GcStats.ImageIncrementalCollections++;
            GcStats.ImageIncrementalMs += watch.Elapsed.TotalMilliseconds;
        }
        GcStats.WeakSlotsCleared += cleared;
        return cleared;
    }

    /// <summary>Bytes the image may still allocate before the VM's heap limit.</summary>
    public long BytesLeft => Math.Max(0, HeapLimitBytes - GC.GetTotalMemory(false));

    /// <summary>Bytes left once the garbage is gone: what an allocation that seems not to fit may really have (the C VM also collects before it fails one).</summary>
    public long BytesLeftAfterCollecting() => Math.Max(0, HeapLimitBytes - GC.GetTotalMemory(forceFullCollection: true));

    /// <summary>
    /// Primitive 125: when fewer bytes than this are left below the heap limit, the image's low-space
    /// semaphore (special object 17) is signalled, once; 0 = not armed. Images arm it when their
    /// low-space watcher starts and again after it has shown "Space is low".
    /// </summary>
    public long LowSpaceThreshold;
    private bool lowSpaceSignalOwed;
    private long disarmedLowSpaceThreshold;

    /// <summary>
    /// Memory is short (an allocation did not fit, or the armed threshold was crossed): the signal is
    /// owed and given at the next interrupt check, where switching to the watcher's process is safe
    /// (not in the middle of a failing primitive). Disarms the threshold, as the C VM does.
    /// </summary>
    public void NoteLowSpace()
    {
        if (LowSpaceThreshold <= 0) return;
        disarmedLowSpaceThreshold = LowSpaceThreshold;
        LowSpaceThreshold = 0;
        lowSpaceSignalOwed = true;
        InterruptCountdown = 1;
    }

    /// <summary>
    /// The heap limit stopped the run that made memory short, and its garbage goes with it: a
    /// signal still owed would interrupt whatever the next host call runs (the next SUnit test)
    /// with "Space is low". It is dropped and the threshold armed again, as the watcher would.
    /// </summary>
    private void ForgetLowSpaceOfRunaway()
    {
        if (!lowSpaceSignalOwed) return;
        lowSpaceSignalOwed = false;
        LowSpaceThreshold = disarmedLowSpaceThreshold;
    }

    private void CheckLowSpaceThreshold()
    {
        if (LowSpaceThreshold > 0 && BytesLeft < LowSpaceThreshold) NoteLowSpace();
    }

    private void SignalLowSpaceIfOwed()
    {
        if (!lowSpaceSignalOwed) return;
        lowSpaceSignalOwed = false;
        if (Mem.Special(SpecialObjectIndex.TheLowSpaceSemaphore).Ref is PointersObject sema && ReferenceEquals(sema.Class, Mem.ClassSemaphore))
            SignalSemaphore(sema);
    }

    /// <summary>Tells the image's finalization process that weak slots were cleared.</summary>
    public void SignalFinalization()
    {
        if (Mem.Special(SpecialObjectIndex.TheFinalizationSemaphore).Ref is PointersObject sema && ReferenceEquals(sema.Class, Mem.ClassSemaphore))
            SignalSemaphore(sema);
    }

    private void ForgetRecycledContexts()
    {
        Array.Clear(freeSmall);
        Array.Clear(freeLarge);
        freeSmallCount = freeLargeCount = 0;
    }
}
