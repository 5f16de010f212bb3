using System.Runtime.CompilerServices;
using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// Blocks in the direct tier. Closures: a method that makes closures gets its context when its
/// direct frame starts (the closures' outer context), keeps its temporaries in locals (closures
/// copy what they use), and makes closures without a flush; <c>value</c>… sent to a closure from a
/// direct frame runs the closure's own direct body, with arguments, copied values and
/// temporaries in locals. Blue Book blocks in the direct tier. A method with blocks keeps its temporaries in its
/// context (its blocks read and write them there), so its direct frame makes that context when
/// it starts, without a flush, and stays married to it. <c>thisContext blockCopy: n</c> then
/// makes the block from that context, and <c>value</c>… sent to the block from a direct frame
/// runs the block's own direct body (one per block, emitted with the method's): stack in .NET
/// locals, temporaries in the home context. A ^ inside the block, or anything else that needs
/// contexts, flushes as usual; the block's frame writes itself into its BlockContext.
/// </summary>
public sealed partial class Interpreter
{
    /// <summary>How often a block ran in its direct body (for tests and diagnostics).</summary>
    public long DirectBlockRuns;

    /// <summary>
    /// A direct frame's own context, made when the frame starts: arguments, nil temporaries, no sender yet (a flush links it).
    /// It has room for the temporaries only: while the frame runs, its stack lives in .NET locals, and most such frames return
    /// without ever writing it out; a flush grows it to the method's whole frame (<see cref="NewFlushedContext"/>). Frames of
    /// methods that make closures are made this way millions of times a second (DeltaBlue), and a whole frame of 16-byte slots
    /// was most of what they allocated.
    /// </summary>
    public PointersObject MarryAtEntry(MethodInfo mi, Value self, Value a1, Value a2, Value a3, Value a4)
    {
        var s = new Value[Layout.CtxTempStart + mi.NumTemps];
        // The arguments are stored below; the other temporaries start nil.
        var nil = NilV;
        for (var i = Layout.CtxTempStart + mi.NumArgs; i < Layout.CtxTempStart + mi.NumTemps; i++) s[i] = nil;
        s[Layout.CtxSender] = NilV;
        s[Layout.CtxPc] = Value.SmallInt(mi.BytecodeOffset + 1);
        s[Layout.CtxStackp] = Value.SmallInt(mi.NumTemps);
        s[Layout.CtxMethod] = mi.Method;
        s[Layout.CtxClosure] = NilV;
        s[Layout.CtxReceiver] = self;
        var n = mi.NumArgs;
        if (n > 0) s[Layout.CtxTempStart] = a1;
        if (n > 1) s[Layout.CtxTempStart + 1] = a2;
        if (n > 2) s[Layout.CtxTempStart + 2] = a3;
        if (n > 3) s[Layout.CtxTempStart + 3] = a4;
        for (var k = DirectFlow.MaxArgs; k < n; k++) s[Layout.CtxTempStart + k] = ExtraArgs[k - DirectFlow.MaxArgs];
        return new PointersObject(Mem.ClassMethodContext, Mem.NewHash(Mem.ClassMethodContext), 3, s) { Flags = ObjectFlags.DirectFrameLive };
    }

    /// <summary>A married-at-entry frame returned: its context is dead, as the interpreter leaves a returned context.</summary>
    public void MarkReturned(PointersObject ctx)
    {
        ctx.Slots[Layout.CtxSender] = NilV;
        ctx.Slots[Layout.CtxPc] = NilV;
        ctx.Flags &= ~ObjectFlags.DirectFrameLive;
    }

    /// <summary>Live direct frames of ensure:/ifCurtailed: activations; while there are any, a ^ in a block goes through the heap tier, which runs unwind blocks.</summary>
    private int liveUnwindFrames;
    public Value NlrValue;
    public PointersObject? NlrHome;

    /// <summary>
    /// A ^ in a direct block frame: when the home's frame is running on the .NET stack (below this
    /// one, as every live frame is) and no ensure: frame is live, the frames in between simply
    /// return (<see cref="FlushNonLocalReturn"/>) and the home's frame answers the value. Otherwise
    /// (answers false) the block's frame flushes and the interpreter does the return.
    /// </summary>
    public bool TryNonLocalReturnDirect(PointersObject? home, Value value)
    {
        if (home is null || (home.Flags & ObjectFlags.DirectFrameLive) == 0 || liveUnwindFrames != 0) return false;
        Flush = FlushNonLocalReturn;
        NlrHome = home;
        NlrValue = value;
        return true;
    }

    /// <summary>The home context of a closure: its outer context, or, for a closure made inside a closure's activation, that one's home.</summary>
    public static PointersObject? ClosureHome(PointersObject closure)
    {
        var ctx = closure.Slots[Layout.ClosureOuter].Ref as PointersObject;
        for (var n = 0; n < 1000 && ctx is not null && ctx.Slots.Length > Layout.CtxReceiver; n++)
        {
            // A closure (its start pc) or a full block (its CompiledBlock) in the closure slot: an activation of a block, whose home is further out.
            if (ctx.Slots[Layout.CtxClosure].Ref is not PointersObject c || c.Slots.Length <= Layout.ClosureNumArgs
                || !(c.Slots[Layout.ClosureStartPc].IsSmallInt || c.Slots[Layout.FullClosureMethod].Ref is CompiledMethodObject)) return ctx;
            ctx = c.Slots[Layout.ClosureOuter].Ref as PointersObject;
        }
        return null;
    }

    /// <summary>The home answers a non-local return that reached its frame: the unwinding stops here.</summary>
    public Value TakeNonLocalReturn()
    {
        Flush = FlushNone;
        NlrHome = null;
        var v = NlrValue;
        NlrValue = default;
        return v;
    }

    /// <summary>The send-site target for ensure: and ifCurtailed: (primitive 198): their direct body, counted while it runs.</summary>
    internal static Value UnwindMarkedDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume)
    {
        vm.liveUnwindFrames++;
        var result = Invoke(mi.DirectEntry, mi.NumArgs, vm, mi, depth, r, a1, a2, a3, a4);
        vm.liveUnwindFrames--;
        return result;
    }

    /// <summary><c>thisContext blockCopy: nargs</c> from a direct frame (bodies from older recompilers): a BlockContext as large as its home.</summary>
    public Value BlockCopyDirect(PointersObject home, MethodInfo mi, int nargs, int startPc) => BlockCopySizedDirect(home, mi, nargs, startPc, mi.FrameSize);

    /// <summary>
    /// <c>thisContext blockCopy: nargs</c> from a direct frame whose home context is <paramref name="home"/>; the block's code starts at
    /// <paramref name="startPc"/> and its stack gets at most <paramref name="stackDepth"/> deep. The BlockContext has room for that
    /// stack only, not a whole home frame: blocks are made millions of times a second (Richards' ifNil: blocks, Scratch's loops),
    /// and their unused slots of 16 bytes each were most of what they allocated. A block the interpreter runs, or whose direct
    /// frame writes itself out, first grows to its home method's frame (<see cref="GrowBlockForInterpreter"/>).
    /// </summary>
    public Value BlockCopySizedDirect(PointersObject home, MethodInfo mi, int nargs, int startPc, int stackDepth)
    {
        Escape(home);
        // The block's stack starts empty (stackp 0): its slots are written before they are read, so they are not nilled.
        var s = new Value[Layout.CtxTempStart + Math.Min(mi.FrameSize, stackDepth)];
        var initialPc = Value.SmallInt(startPc + mi.BytecodeOffset + 1);
        s[Layout.BlkCaller] = NilV;
        s[Layout.CtxPc] = initialPc;
        s[Layout.CtxStackp] = Value.SmallInt(0);
        s[Layout.BlkNumArgs] = Value.SmallInt(nargs);
        s[Layout.BlkInitialPc] = initialPc;
        s[Layout.BlkHome] = home;
        return new PointersObject(Mem.ClassBlockContext!, Mem.NewHash(Mem.ClassBlockContext!), 3, s);
    }

    /// <summary>
    /// Gives a BlockContext made by a direct frame (room for its own stack only) a whole frame of its home's method, as the
    /// interpreter's blockCopy: does: the interpreter may push more than the block's code does (perform:withArguments:, the debugger).
    /// </summary>
    internal void GrowBlockForInterpreter(PointersObject block)
    {
        var s = block.Slots;
        var home = s.Length > Layout.BlkHome ? s[Layout.BlkHome].Ref as PointersObject : null;
        GrowContext(block, (home is null ? null : WholeFrameSlots(home)) ?? Layout.CtxTempStart + Layout.LargeFrame);
    }

    /// <summary>The slots of a whole frame of <paramref name="ctx"/>'s method (null when it holds no method).</summary>
    private int? WholeFrameSlots(PointersObject ctx) =>
        ctx.Slots.Length > Layout.CtxMethod && ctx.Slots[Layout.CtxMethod].Ref is CompiledMethodObject m ? Layout.CtxTempStart + InfoOf(m).FrameSize : null;

    /// <summary>Grows a context made smaller than a whole frame (by a direct frame) to <paramref name="slots"/> slots.</summary>
    private static void GrowContext(PointersObject ctx, int slots)
    {
        if (ctx.Slots.Length < slots) Array.Resize(ref ctx.Slots, slots);
    }

    /// <summary>A block's direct frame writing itself out into its BlockContext (it then stores its stack).</summary>
    public PointersObject NewFlushedBlock(PointersObject block, MethodInfo homeInfo, int pc, int depth)
    {
        GrowBlockForInterpreter(block);
        var s = block.Slots;
        s[Layout.CtxPc] = Value.SmallInt(pc + homeInfo.BytecodeOffset + 1);
        s[Layout.CtxStackp] = Value.SmallInt(depth);
        Mem.FillNil(s, Layout.CtxTempStart + depth);
        return block;
    }

    /// <summary>
    /// The send-site target for BlockContext>>value… (primitive 81): runs the block's direct
    /// body when its home method has one; otherwise the sender flushes and the interpreter
    /// evaluates the block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Value ValueBlockDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume)
    {
        if (r.Ref is PointersObject block && ReferenceEquals(block.Class, vm.Mem.ClassBlockContext) && block.Slots.Length > Layout.BlkHome)
        {
            var s = block.Slots;
            if (s[Layout.BlkNumArgs].IsSmallInt && s[Layout.BlkNumArgs].Bits == mi.NumArgs && ReferenceEquals(s[Layout.BlkCaller].Ref, vm.Mem.Nil)
                && s[Layout.BlkHome].Ref is PointersObject home && home.Slots[Layout.CtxMethod].Ref is CompiledMethodObject hm
                && vm.InfoWithBodies(hm) is { BlockEntries: { } entries } hi && s[Layout.BlkInitialPc].IsSmallInt)
            {
                var start = (int)s[Layout.BlkInitialPc].Bits - hi.BytecodeOffset - 1;
                if ((uint)start < (uint)entries.Length && entries[start] != 0)
                {
                    vm.DirectBlockRuns++;
                    // While the block runs its caller is a .NET frame; the home stands in (a flush links the real one).
                    s[Layout.BlkCaller] = home;
                    var result = Invoke(entries[start], mi.NumArgs, vm, hi, depth + 1, home.Slots[Layout.CtxReceiver], a1, a2, a3, a4, block);
                    if (vm.Flush is FlushNone or FlushNonLocalReturn) vm.MarkReturned(block);
                    return result;
                }
            }
        }
        vm.Flush = FlushAtSend;
        return default;
    }

    /// <summary>A BlockClosure made by a direct frame married to <paramref name="outer"/>; the frame stores the copied values.</summary>
    public PointersObject NewClosureDirect(PointersObject outer, MethodInfo mi, int startPc, int numArgs, int numCopied)
    {
        Escape(outer);
        var s = new Value[Layout.ClosureFirstCopied + numCopied];
        s[Layout.ClosureOuter] = outer;
        s[Layout.ClosureStartPc] = Value.SmallInt(startPc + mi.BytecodeOffset + 1);
        s[Layout.ClosureNumArgs] = Value.SmallInt(numArgs);
        return new PointersObject(Mem.ClassBlockClosure!, Mem.NewHash(Mem.ClassBlockClosure!), 3, s);
    }

    /// <summary>
    /// A closure's direct frame writing itself out: a new context of the closure's activation (the
    /// frame then stores its stack). For a full block <paramref name="homeInfo"/> is its CompiledBlock's.
    /// </summary>
    public PointersObject NewFlushedClosureFrame(MethodInfo homeInfo, PointersObject closure, Value self, int pc, int depth)
    {
        var argsAndCopied = CopiedCount(closure) + ClosureNumArgs(closure);
        var ctx = NewContext(Layout.CtxTempStart + Math.Max(depth, ClosureFrameSize(homeInfo, argsAndCopied)));
        var s = ctx.Slots;
        s[Layout.CtxSender] = NilV;
        s[Layout.CtxPc] = Value.SmallInt(pc + homeInfo.BytecodeOffset + 1);
        s[Layout.CtxStackp] = Value.SmallInt(depth);
        s[Layout.CtxMethod] = homeInfo.Method;
        s[Layout.CtxClosure] = closure;
        s[Layout.CtxReceiver] = self;
        Mem.FillNil(s, Layout.CtxTempStart + depth);
        return ctx;
    }

    /// <summary>
    /// The send-site target for BlockClosure>>value… (primitives 201–205, 221, 222): runs the
    /// closure's direct body when its method has one; otherwise the sender flushes and the
    /// interpreter evaluates the closure.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Value ValueClosureDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume)
    {
        // A full block is known by its CompiledBlock, not its class: with no FullBlockClosure among the special objects the VM makes them BlockClosures.
        if (r.Ref is PointersObject full && vm.IsFullClosure(full))
        {
            if (vm.TryValueFullClosureDirect(full, mi.NumArgs, depth, a1, a2, a3, a4, out var answer)) return answer;
            vm.Flush = FlushAtSend;
            return default;
        }
        if (r.Ref is PointersObject closure && ReferenceEquals(closure.Class, vm.Mem.ClassBlockClosure) && closure.Slots.Length >= Layout.ClosureFirstCopied)
        {
            var s = closure.Slots;
            if (s[Layout.ClosureNumArgs].IsSmallInt && s[Layout.ClosureNumArgs].Bits == mi.NumArgs && s[Layout.ClosureStartPc].IsSmallInt
                && s[Layout.ClosureOuter].Ref is PointersObject outer && outer.Slots.Length > Layout.CtxReceiver
                && outer.Slots[Layout.CtxMethod].Ref is CompiledMethodObject hm && vm.InfoWithBodies(hm) is { BlockEntries: { } entries } hi)
            {
                var start = (int)s[Layout.ClosureStartPc].Bits - hi.BytecodeOffset - 1;
                if ((uint)start < (uint)entries.Length && entries[start] != 0)
                {
                    vm.DirectBlockRuns++;
                    return Invoke(entries[start], mi.NumArgs, vm, hi, depth + 1, outer.Slots[Layout.CtxReceiver], a1, a2, a3, a4, closure);
                }
            }
        }
        vm.Flush = FlushAtSend;
        return default;
    }
}
