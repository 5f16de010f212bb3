namespace ImageAot.Runtime.Execution;

/// <summary>Slot indices of the objects the VM and the image agree on (0-based).</summary>
public static class Layout
{
    // MethodContext (and closure activations)
    public const int CtxSender = 0, CtxPc = 1, CtxStackp = 2, CtxMethod = 3, CtxClosure = 4, CtxReceiver = 5, CtxTempStart = 6;
    // Blue Book BlockContext
    public const int BlkCaller = 0, BlkNumArgs = 3, BlkInitialPc = 4, BlkHome = 5;
    // BlockClosure
    public const int ClosureOuter = 0, ClosureStartPc = 1, ClosureNumArgs = 2, ClosureFirstCopied = 3;
    // FullBlockClosure (SistaV1)
    public const int FullClosureMethod = 1, FullClosureReceiver = 3, FullClosureFirstCopied = 4;
    // Behavior
    public const int ClassSuperclass = 0, ClassMethodDict = 1, ClassFormat = 2;
    // MethodDictionary: tally, values array, then keys
    public const int MethodDictValues = 1, MethodDictFirstKey = 2;
    public const int AssocKey = 0, AssocValue = 1;
    public const int MessageSelector = 0, MessageArguments = 1, MessageLookupClass = 2;
    // Process, ProcessorScheduler, LinkedList, Semaphore
    public const int ProcNextLink = 0, ProcSuspendedContext = 1, ProcPriority = 2, ProcMyList = 3;
    public const int SchedProcessLists = 0, SchedActiveProcess = 1;
    public const int ListFirst = 0, ListLast = 1, SemaExcessSignals = 2;
    public const int PointX = 0, PointY = 1;
    public const int SmallFrame = 16, LargeFrame = 56;
}
