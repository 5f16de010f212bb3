using System.Runtime.CompilerServices;
using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// Direct calls: methods with a direct-call body run as ordinary .NET calls, one .NET frame per
/// activation, temporaries and stack in .NET locals, no context. When something needs
/// contexts (thisContext, a block, a send the direct frames cannot do, a process switch, the
/// .NET stack getting deep) the frames "flush": each writes itself out into a context and
/// returns, and the interpreter (or the method's heap-frame body) goes on from those contexts.
/// </summary>
public sealed partial class Interpreter
{
    /// <summary>No flush under way.</summary>
    public const int FlushNone = 0;
    /// <summary>A send could not be done directly: the sending frame writes itself out at the send, with receiver and arguments still on its stack.</summary>
    public const int FlushAtSend = 1;
    /// <summary>The frames above are contexts already: a caller writes itself out after its send, waiting for the answer.</summary>
    public const int FlushAfterSend = 2;
    /// <summary>A ^ in a block is unwinding the .NET frames to its home's frame (<see cref="NlrHome"/>), which answers <see cref="NlrValue"/>; frames on the way return at once.</summary>
    public const int FlushNonLocalReturn = 3;

    /// <summary>How often a context sent to a direct body, and how often a context went on in one (for tests and diagnostics).</summary>
    public long DirectCallsFromContexts, DirectResumes;

    /// <summary>Read by compiled frames after every call (one of the Flush constants).</summary>
    public int Flush;
    private PointersObject? flushTop, flushBottom;

    /// <summary>Direct frames nested deeper than this flush, so recursion of any depth runs on heap contexts.</summary>
    public const int DirectDepthLimit = 400;

    // Constants the compiled frames read (fields, so the generated code loads them with one instruction).
    public SqObject ClassSmallInteger = null!, ClassArray = null!, TrueObj = null!, FalseObj = null!;
    public Value NilV, TrueV, FalseV;
    public long MinSmallInt, MaxSmallInt;

    private readonly Value[] primitiveScratch = new Value[16];

    /// <summary>A direct call's arguments after the fourth (see DirectFlow.MaxArgs): the caller stores them, the callee takes them at entry.</summary>
    public readonly Value[] ExtraArgs = new Value[DirectFlow.MaxSendArgs - DirectFlow.MaxArgs];
    private readonly List<SendSite[]> allSites = new();

    private void InitializeDirect()
    {
        ClassSmallInteger = Mem.ClassSmallInteger;
        ClassArray = Mem.ClassArray;
        NilV = Mem.NilV;
        TrueV = Mem.TrueV;
        FalseV = Mem.FalseV;
        TrueObj = Mem.TrueV.Obj;
        FalseObj = Mem.FalseV.Obj;
        MinSmallInt = Mem.MinSmallInt;
        MaxSmallInt = Mem.MaxSmallInt;
    }

    /// <summary>One site per send instruction of <paramref name="decoded"/>, in pc order (as the emitter numbers them), each knowing its selector.</summary>
    private SendSite[] NewSites(MethodInfo mi, Bytecodes.DecodedMethod decoded)
    {
        var sites = new List<SendSite>();
        foreach (var i in decoded.Instructions)
        {
            if (!i.IsSend) continue;
            var selector = SelectorOf(mi, i.Index, special: i.Op == Bytecodes.Op.SpecialSend);
            var site = new SendSite(selector);
            sites.Add(site);
            if (selector is null) sitesWithoutSelector.Add(site);
            else if (sitesBySelector.TryGetValue(selector, out var list)) list.Add(site);
            else sitesBySelector[selector] = [site];
        }
        var array = sites.ToArray();
        allSites.Add(array);
        return array;
    }

    /// <summary>The selector a send of <paramref name="mi"/> names: special selector <paramref name="index"/>, or its literal there (null when there is none).</summary>
    private SqObject? SelectorOf(MethodInfo mi, int index, bool special) =>
        special ? SpecialSelector(index) : (index < mi.Literals.Length && mi.Literals[index].IsObject ? mi.Literals[index].Obj : null);

    private SqObject? SpecialSelector(int index) => index < specialSelectors.Length ? specialSelectors[index] : null;

    /// <summary>Every site by the selector it sends, for selective flushes; those whose selector is not known apart.</summary>
    private readonly Dictionary<SqObject, List<SendSite>> sitesBySelector = new(ReferenceEqualityComparer.Instance);
    private readonly List<SendSite> sitesWithoutSelector = new();

    private void ClearSendSites()
    {
        foreach (var sites in allSites)
            foreach (var s in sites) s.Clear();
    }

    /// <summary>Empties the sites that send <paramref name="selector"/> (and any whose selector is not known).</summary>
    private void ClearSendSites(SqObject selector)
    {
        if (sitesBySelector.TryGetValue(selector, out var sites))
            foreach (var s in sites) s.Clear();
        foreach (var s in sitesWithoutSelector) s.Clear();
    }

    /// <summary>Empties the sites that have <paramref name="method"/> in one of their entries: those of the selector they found it under, when that is known.</summary>
    private void ClearSendSites(CompiledMethodObject method)
    {
        if (method.VmInfo is MethodInfo { SiteSelectorsVary: false } mi)
        {
            if (mi.SiteSelector is { } selector && sitesBySelector.TryGetValue(selector, out var sites))
                foreach (var s in sites)
                    if (s.Holds(method)) s.Clear();
            foreach (var s in sitesWithoutSelector)
                if (s.Holds(method)) s.Clear();
            return;
        }
        foreach (var all in allSites)
            foreach (var s in all)
                if (s.Holds(method)) s.Clear();
    }

    /// <summary>Calls a body or target taking <paramref name="argCount"/> arguments (see <see cref="ArityEntries{T}"/>) with as many as it takes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Value Invoke(nint entry, int argCount, Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume = null) =>
        argCount switch
        {
            0 => ((delegate* managed<Interpreter, MethodInfo, int, Value, PointersObject?, Value>)entry)(vm, mi, depth, r, resume),
            1 => ((delegate* managed<Interpreter, MethodInfo, int, Value, Value, PointersObject?, Value>)entry)(vm, mi, depth, r, a1, resume),
            2 => ((delegate* managed<Interpreter, MethodInfo, int, Value, Value, Value, PointersObject?, Value>)entry)(vm, mi, depth, r, a1, a2, resume),
            3 => ((delegate* managed<Interpreter, MethodInfo, int, Value, Value, Value, Value, PointersObject?, Value>)entry)(vm, mi, depth, r, a1, a2, a3, resume),
            _ => ((delegate* managed<Interpreter, MethodInfo, int, Value, Value, Value, Value, Value, PointersObject?, Value>)entry)(vm, mi, depth, r, a1, a2, a3, a4, resume),
        };

    /// <summary>
    /// Runs a send from the active context through the method's direct-call body: receiver and
    /// arguments come off the stack, the answer goes on it. If the frames flushed, the contexts
    /// they wrote become the active chain, above the sender.
    /// </summary>
    private void CallDirect(MethodInfo info, int argCount)
    {
        DirectCallsFromContexts++;
        var ri = sp - argCount;
        var r = frame[ri];
        Value a1 = argCount > 0 ? frame[ri + 1] : default, a2 = argCount > 1 ? frame[ri + 2] : default;
        Value a3 = argCount > 2 ? frame[ri + 3] : default, a4 = argCount > 3 ? frame[ri + 4] : default;
        for (var k = DirectFlow.MaxArgs + 1; k <= argCount; k++) ExtraArgs[k - DirectFlow.MaxArgs - 1] = frame[ri + k];
        sp = ri - 1;
        StoreContextRegisters();
        liveUnwindFrames = 0;
        var result = Invoke(info.DirectEntry, info.NumArgs, this, info, 0, r, a1, a2, a3, a4);
        if (Flush == FlushNonLocalReturn) throw new VmError("internal error: a non-local return did not find its home among the direct frames");
        if (Flush != FlushNone) { TakeOverFlushedFrames(); return; }
        frame[++sp] = result;
    }

    /// <summary>
    /// The direct frames have flushed: their contexts go above the active one (or, when the
    /// outermost frame was the active context resumed, into its place). The top context then
    /// takes one step in the heap tier before it may go back to its direct body: it stopped at
    /// something only that tier does.
    /// </summary>
    private void TakeOverFlushedFrames()
    {
        Flush = FlushNone;
        if (!ReferenceEquals(flushBottom, activeContext)) LinkSender(flushBottom!, activeContext);
        var top = flushTop!;
        flushTop = flushBottom = null;
        FetchContextRegisters(top);
        directBlocked = true;
    }

    /// <summary>Set after a flush: the active context must take a step in the heap tier before resuming in its direct body.</summary>
    private bool directBlocked;

    /// <summary>Whether the active context can go on in its method's direct-call body now.</summary>
    private bool CanResumeDirect() =>
        methodInfo.DirectEntry != 0 && !directBlocked && !bodyJustRan && !inBlock && ReferenceEquals(frame, temps)
        && methodInfo.DirectResumePoints is { } points && (uint)pc < (uint)points.Length && points[pc]
        && !(methodInfo.InlinesNilTests && (activeContext.Flags & ObjectFlags.BlocksMade) != 0);

    /// <summary>
    /// Goes on with the active context in its direct-call body, which stays married to it. A
    /// normal return from the body is the context's return to its sender.
    /// </summary>
    private void ResumeDirect()
    {
        DirectResumes++;
        var ctx = activeContext;
        StoreContextRegisters();
        ctx.Flags |= ObjectFlags.DirectFrameLive;
        liveUnwindFrames = 0;
        var result = Invoke(methodInfo.DirectEntry, methodInfo.NumArgs, this, methodInfo, 0, receiver, default, default, default, default, ctx);
        ctx.Flags &= ~ObjectFlags.DirectFrameLive;
        if (Flush == FlushNonLocalReturn) throw new VmError("internal error: a non-local return did not find its home among the direct frames");
        if (Flush != FlushNone) { TakeOverFlushedFrames(); return; }
        ReturnToSender(result);
    }

    /// <summary>Called by a direct body asked to resume at a pc it has no entry for: the interpreter checked that it has one.</summary>
    public static void ResumeRefused() => throw new VmError("internal error: a direct-call body was resumed at a pc it cannot resume at");

    /// <summary>
    /// A context for a direct frame that is writing itself out (the frame then stores its
    /// temporaries and stack into it): the one it is married to, or a new one.
    /// </summary>
    public PointersObject NewFlushedContext(MethodInfo mi, Value self, int pc, int depth, PointersObject? married)
    {
        if (married is not null) married.Flags &= ~ObjectFlags.DirectFrameLive;
        var ctx = married ?? NewContext(Layout.CtxTempStart + mi.FrameSize);
        // A context married at entry has room for its temporaries only; the interpreter that takes the frame over needs all of it.
        GrowContext(ctx, Layout.CtxTempStart + mi.FrameSize);
        var s = ctx.Slots;
        s[Layout.CtxPc] = Value.SmallInt(pc + mi.BytecodeOffset + 1);
        s[Layout.CtxStackp] = Value.SmallInt(depth);
        if (married is null)
        {
            s[Layout.CtxSender] = NilV;
            s[Layout.CtxMethod] = mi.Method;
            s[Layout.CtxClosure] = NilV;
            s[Layout.CtxReceiver] = self;
        }
        Mem.FillNil(s, Layout.CtxTempStart + depth);
        return ctx;
    }

    /// <summary>Puts a flushed frame's context below the ones flushed before it (its callees).</summary>
    public void LinkFlushed(PointersObject ctx)
    {
        if (flushTop is null) flushTop = ctx;
        else LinkSender(flushBottom!, ctx);
        flushBottom = ctx;
        Flush = FlushAfterSend;
    }

    /// <summary>
    /// Puts a run of flushed contexts, already linked to each other from <paramref name="top"/> down
    /// to <paramref name="bottom"/>, below the ones flushed before them, as <see cref="LinkFlushed"/> does one.
    /// </summary>
    public void LinkFlushedChain(PointersObject top, PointersObject bottom)
    {
        if (flushTop is null) flushTop = top;
        else LinkSender(flushBottom!, top);
        flushBottom = bottom;
        Flush = FlushAfterSend;
    }

    private void LinkSender(PointersObject ctx, PointersObject sender)
    {
        ctx.Slots[Layout.CtxSender] = sender;
        // A context Smalltalk can already reach (a block's home, say) keeps its senders from being reused.
        if ((ctx.Flags & ObjectFlags.Recyclable) == 0) Escape(sender);
    }

    /// <summary>
    /// The interrupt check of a compiled frame. Clock, heap and display bookkeeping happen here;
    /// only when a timer is due, input has arrived, the deadline has passed or the heap is over
    /// its limit does the frame have to flush (answer true) so that the interpreter deals with it
    /// on contexts. The display is refreshed here too: an MVC image tracking the mouse in a
    /// compiled loop (a held menu) never gets back to the interpreter's check while it draws.
    /// </summary>
    public bool PollFromCompiled()
    {
        InterruptCountdown = InterruptPeriod;
        var now = clock.ElapsedMilliseconds;
        if (settleOnIdle) NoteSettleClock(now);
        RefreshDisplayIfDue(now);
        var due = now >= deadlineMs || (nextWakeupMs != 0 && now >= nextWakeupMs) || SoundNeedsTheInterpreter(now) || lowSpaceSignalOwed
            || Input.SignalPending || Input.QuitRequested;
        if (!due && --heapCheckCountdown <= 0)
        {
            heapCheckCountdown = HeapCheckEvery;
            if (GC.GetTotalMemory(false) > HeapLimitBytes) { heapCheckCountdown = 1; due = true; }
            CheckLowSpaceThreshold();
            due |= lowSpaceSignalOwed;
        }
        if (due) InterruptCountdown = 1;
        return due;
    }

    /// <summary>
    /// The key a send site compares: the receiver's class. Spur's immediate Characters and
    /// SmallFloats share one tag object each, which has no class: theirs is looked up, so that a
    /// site sending to Characters (a scanner's, a parser's) hits like any other instead of missing every time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SqObject ClassKey(Interpreter vm, Value v)
    {
        var r = v.Ref;
        return r is null ? vm.ClassSmallInteger : r.Class ?? vm.Mem.ClassOf(v);
    }

    public static Value ClassOfForDirect(Interpreter vm, Value v) => vm.Mem.ClassOf(v);

    public static Value NewArrayForDirect(Interpreter vm, int size) => vm.Mem.NewArray(size);

    public static Value CharacterForDirect(Interpreter vm, int code) => vm.Mem.Char(code);

    /// <summary>
    /// at: on a String (a Character) or a ByteArray (a SmallInteger) for a direct frame; false
    /// when it is neither or the index is out of range: then it is a send. Both classes' at: is
    /// the plain indexing primitive in every image, so no lookup is needed.
    /// </summary>
    public static bool BytesAtDirect(Interpreter vm, Value r, Value index)
    {
        if (r.Ref is BytesObject b && index.Ref is null && (ulong)(index.Bits - 1) < (ulong)b.Bytes.Length)
        {
            if (ReferenceEquals(b.Class, vm.Mem.ClassString)) { vm.DirectAnswer = vm.Mem.Char(b.Bytes[index.Bits - 1]); return true; }
            if (ReferenceEquals(b.Class, vm.Mem.ClassByteArray)) { vm.DirectAnswer = Value.SmallInt(b.Bytes[index.Bits - 1]); return true; }
        }
        return false;
    }

    /// <summary>
    /// What <see cref="BytesAtDirect"/>, which answers whether it could do the operation, computed
    /// when it could (its answers include SmallIntegers, so no Value can mean "declined"). Not an
    /// `out` argument: that takes the address of one of the body's locals, and the JIT then keeps
    /// that local in memory throughout the body; for the locals that hold the Smalltalk stack, that
    /// cut 0 tinyBenchmarks' sends/s in the recompiled tier from about 1.1e8 to 4.5e7.
    /// </summary>
    public Value DirectAnswer;

    /// <summary>at:put: of a byte-sized Character into a String, or of a byte into a ByteArray, for a direct frame (false: anything else, which is then a send).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BytesAtPutDirect(Interpreter vm, Value r, Value index, Value value)
    {
        if (r.Ref is not BytesObject b || (b.Flags & ObjectFlags.Immutable) != 0 || index.Ref is not null || (ulong)(index.Bits - 1) >= (ulong)b.Bytes.Length)
            return false;
        if (ReferenceEquals(b.Class, vm.Mem.ClassByteArray))
        {
            if (value.Ref is not null || (ulong)value.Bits > 255) return false;
            b.Bytes[index.Bits - 1] = (byte)value.Bits;
            return true;
        }
        if (!ReferenceEquals(b.Class, vm.Mem.ClassString) || !vm.Mem.TryCharValue(value, out var c) || c is < 0 or > 255) return false;
        b.Bytes[index.Bits - 1] = (byte)c;
        return true;
    }

    /// <summary>How often a compiled send missed its site's two tested entries (for tests and diagnostics).</summary>
    public long DirectSendMisses;

    /// <summary>Selector code bits: the argument count is in bits 16–23.</summary>
    public const int SpecialSelectorBit = 0x8000, SuperSendBit = 0x4000, SelectorIndexMask = 0x3FFF;

    /// <summary>
    /// A send whose inline cache did not match: look the method up, remember it in the site and
    /// call it directly if it can run that way; otherwise ask the sending frame to flush.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]   // once per body's send site, it would bloat every body (and its frame) the JIT inlines it into
    public static Value SendMiss(Interpreter vm, MethodInfo caller, int siteIndex, int selectorCode, int depth, Value r, Value a1, Value a2, Value a3, Value a4)
    {
        vm.DirectSendMisses++;
        var argc = (selectorCode >> 16) & 0xFF;
        var index = selectorCode & SelectorIndexMask;
        var super = (selectorCode & SuperSendBit) != 0;
        var selector = vm.SelectorOf(caller, index, special: (selectorCode & SpecialSelectorBit) != 0);
        if (selector is not null)
        {
            var site = caller.Sites is { } sites ? sites[siteIndex] : null;
            if (site is not null)
            {
                // A super send's method does not depend on the receiver: its site, which the compiled
                // code does not test, holds the one target. Other sites may know the class among their
                // extra entries; a megamorphic one is left as it is, its sends found in the method cache.
                var known = super ? (site.IsEmpty ? null : site)
                    : site.IsMegamorphic ? null
                    : site.FindMore(ClassKey(vm, r)) is { } extra ? (++extra.Hits >= SendSite.PromoteAfter ? site.Promote(extra) : extra)
                    : null;
                if (known is not null) return Invoke(known.Target, argc, vm, known.Info!, depth + 1, r, a1, a2, a3, a4);
                if (!super && site.IsMegamorphic) site = null;
            }
            var cls = super ? vm.SuperclassFor(caller.Method) : vm.Mem.ClassOf(r);
            var target = vm.DirectTarget(cls, selector, argc, out var info);
            if (target != 0)
            {
                if (site is not null)
                {
                    var entry = super ? site : site.EntryToFill();
                    var quick = QuickSends.Classify(vm, info!, vm.Mem.Image.Format, out var quickIndex, out var quickValue);
                    entry.Fill(cls, target, info!, quick, quickIndex, quickValue);
                }
                return Invoke(target, argc, vm, info!, depth + 1, r, a1, a2, a3, a4);
            }
        }
        vm.Flush = FlushAtSend;
        return default;
    }

    /// <summary>
    /// A SistaV1 directed super send (the class to start above is on the stack, over the
    /// arguments): looked up afresh every time, as the class is only known at run time.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value DirectedSuperSendMiss(Interpreter vm, MethodInfo caller, int selectorCode, int depth, Value cls, Value r, Value a1, Value a2, Value a3, Value a4)
    {
        var argc = (selectorCode >> 16) & 0xFF;
        var index = selectorCode & SelectorIndexMask;
        if (index < caller.Literals.Length && caller.Literals[index].IsObject && cls.Ref is PointersObject c && c.Slots.Length > Layout.ClassSuperclass
            && c.Slots[Layout.ClassSuperclass].Ref is { } super)
        {
            var target = vm.DirectTarget(super, caller.Literals[index].Obj, argc, out var info);
            if (target != 0) return Invoke(target, argc, vm, info!, depth + 1, r, a1, a2, a3, a4);
        }
        vm.Flush = FlushAtSend;
        return default;
    }

    /// <summary>What a send of <paramref name="selector"/> with <paramref name="argc"/> arguments to an instance of <paramref name="cls"/> calls directly (0: only the interpreter can do it).</summary>
    private nint DirectTarget(SqObject cls, SqObject selector, int argc, out MethodInfo? info)
    {
        var entry = Find(cls, selector);
        info = entry.Info;
        if (entry.Target != 0 && info!.NumArgs == argc) return entry.Target;
        if (info is null || info.NumArgs != argc || info.Trap is not null) return 0;
        AttachIfAwaiting(info);
        // A primitive this VM does not have always fails: the method's own code is all there is
        // (unless the method wants the error code, or the missing primitive is to be reported).
        if (info.Primitive is null && info.MissingPrimitive is not null && info.DirectEntry != 0 && !info.StoresErrorCode && !TraceMissing)
            return entry.Target = info.DirectEntry;
        return entry.Target = TargetFor(info);
    }

    private SqObject SuperclassFor(CompiledMethodObject m) =>
        MethodClassOf(m) is PointersObject mc && mc.Slots.Length > 0 && mc.Slots[Layout.ClassSuperclass].Ref is { } s ? s : Mem.Nil;

    /// <summary>What a send site calls for a method: its direct body, a quick answer, or a primitive with the body as fallback (0 = only the interpreter can).</summary>
    private static nint TargetFor(MethodInfo info)
    {
        if (info.IsQuick) return ArityEntries<QuickAnswerTarget>.For(info.NumArgs);
        if (info.PrimitiveIndex == 198 && info.DirectEntry != 0)
            return ArityEntries<UnwindMarkedDirectTarget>.For(info.NumArgs);
        if (info.PrimitiveIndex == 0 || PrimitiveTable.FailsByDesign(info.PrimitiveIndex)) return info.DirectEntry;
        if (info.PrimitiveIndex == 85 && info.NumArgs == 0)
            return ArityEntries<SignalDirectTarget>.For(info.NumArgs);
        if (info.PrimitiveIndex == 86 && info.NumArgs == 0)
            return ArityEntries<WaitDirectTarget>.For(info.NumArgs);
        if (info.PrimitiveIndex == 81 && info.NumArgs <= DirectFlow.MaxArgs)
            return ArityEntries<ValueBlockDirectTarget>.For(info.NumArgs);
        if (info.PrimitiveIndex == 83 && info.NumArgs is >= 1 and <= DirectFlow.MaxArgs)
            return ArityEntries<PerformDirectTarget>.For(info.NumArgs);
        if (info.PrimitiveIndex == 84 && info.NumArgs == 2)
            return ArityEntries<PerformWithArgumentsDirectTarget>.For(info.NumArgs);
        if (info.PrimitiveIndex is >= 201 and <= 205 or 207 or 209 or 221 or 222 && info.NumArgs <= DirectFlow.MaxArgs)
            return ArityEntries<ValueClosureDirectTarget>.For(info.NumArgs);
        if (info.Primitive is not null && info.PrimitiveRunsDirect)
            return PrimitiveWithoutStack(info) is var direct and not 0 ? direct : ArityEntries<PrimitiveThenBodyTarget>.For(info.NumArgs);
        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Value QuickAnswer(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
        mi.PrimitiveIndex switch
        {
            256 => r,
            257 => vm.TrueV,
            258 => vm.FalseV,
            259 => vm.NilV,
            260 => Value.SmallInt(-1),
            261 => Value.SmallInt(0),
            262 => Value.SmallInt(1),
            263 => Value.SmallInt(2),
            _ => r.Ref is PointersObject p && mi.PrimitiveIndex - 264 < p.Slots.Length ? p.Slots[mi.PrimitiveIndex - 264] : vm.NilV,
        };

    /// <summary>basicNew from a send site (see <see cref="PrimitiveWithoutStack"/>); whatever might fail goes through <see cref="PrimitiveThenBody"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Value BasicNewDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
        ObjectPrimitives.TryBasicNew(vm, r, out var answer) ? answer : PrimitiveThenBody(vm, mi, depth, r, a1, a2, a3, a4, resume);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Value BasicNewWithSizeDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
        ObjectPrimitives.TryBasicNewWithSize(vm, r, a1, out var answer) ? answer : PrimitiveThenBody(vm, mi, depth, r, a1, a2, a3, a4, resume);

    /// <summary>
    /// Primitives a send site runs without the primitive stack (0: none, it goes through
    /// <see cref="PrimitiveThenBody"/>). basicNew and basicNew: (class-side new makes their sites
    /// megamorphic, so every call comes here); size, at: and at:put: (60-64), what most sends to
    /// Arrays, Strings and Bitmaps ask (Interval and OrderedCollection loops, Scratch's colour and
    /// pixel tables); x @ y. A failure runs the primitive again through PrimitiveThenBody, which
    /// sets its error code and runs the method's code.
    /// </summary>
    private static nint PrimitiveWithoutStack(MethodInfo info) => (info.PrimitiveIndex, info.NumArgs) switch
    {
        (70, 0) => ArityEntries<BasicNewDirectTarget>.For(0),
        (71, 1) => ArityEntries<BasicNewWithSizeDirectTarget>.For(1),
        (62, 0) => ArityEntries<SizeDirectTarget>.For(0),
        (60, 1) or (63, 1) => ArityEntries<AtDirectTarget>.For(1),
        (61, 2) or (64, 2) => ArityEntries<AtPutDirectTarget>.For(2),
        (18, 1) => ArityEntries<MakePointDirectTarget>.For(1),
        _ => 0,
    };

    /// <summary>x @ y (primitive 18, which never fails): Morphic and Scratch make points in most of their geometry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Value MakePointDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
        vm.Mem.NewPoint(r, a1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Value SizeDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
        Value.SmallInt(StoragePrimitives.IndexableSize(vm, r));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Value AtDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
        StoragePrimitives.At(vm, r, a1, mi.PrimitiveIndex == 63, out var answer) ? answer : PrimitiveThenBody(vm, mi, depth, r, a1, a2, a3, a4, resume);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Value AtPutDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
        StoragePrimitives.AtPut(vm, r, a1, a2, mi.PrimitiveIndex == 64) ? a2 : PrimitiveThenBody(vm, mi, depth, r, a1, a2, a3, a4, resume);

    /// <summary>Runs a context-free primitive on a scratch stack; when it fails, the method's own code runs (directly if it can).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Value PrimitiveThenBody(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume)
    {
        var n = mi.NumArgs;
        var s = vm.primitiveScratch;
        // Only the arguments there are: each store of a Value is a write barrier (copyBits, unary, pays one).
        s[0] = r;
        if (n > 0)
        {
            s[1] = a1;
            if (n > 1) { s[2] = a2; if (n > 2) { s[3] = a3; if (n > 3) s[4] = a4; } }
        }
        for (var k = DirectFlow.MaxArgs + 1; k <= n; k++) s[k] = vm.ExtraArgs[k - DirectFlow.MaxArgs - 1];
        var savedFrame = vm.frame;
        var savedSp = vm.sp;
        vm.frame = s;
        vm.sp = n;
        vm.PrimFailCode = 0;
        var ok = mi.Primitive!(vm, n);
        var result = s[0];
        vm.frame = savedFrame;
        vm.sp = savedSp;
        if (ok) return result;
        vm.PrimFailCode = 0;
        if (mi.DirectEntry != 0 && !mi.StoresErrorCode) return Invoke(mi.DirectEntry, mi.NumArgs, vm, mi, depth, r, a1, a2, a3, a4);
        vm.Flush = FlushAtSend;
        return default;
    }
}
