using ImageAot.Runtime.Primitives;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// Blocks: closures (V3PlusClosures, SistaV1 full blocks) and Blue Book BlockContexts.
public sealed partial class Interpreter
{
    /// <summary>A BlockClosure whose code starts at bytecode index <paramref name="startIndex"/> of the active method, copying values off the stack.</summary>
    private PointersObject NewClosure(int numArgs, int numCopied, int startIndex)
    {
        Escape(activeContext);
        var slots = new Value[Layout.ClosureFirstCopied + numCopied];
        slots[Layout.ClosureOuter] = activeContext;
        slots[Layout.ClosureStartPc] = Value.SmallInt(startIndex + methodInfo.BytecodeOffset + 1);
        slots[Layout.ClosureNumArgs] = Value.SmallInt(numArgs);
        Array.Copy(frame, sp - numCopied + 1, slots, Layout.ClosureFirstCopied, numCopied);
        sp -= numCopied;
        return new PointersObject(Mem.ClassBlockClosure!, Mem.NewHash(Mem.ClassBlockClosure!), 3, slots);
    }

    /// <summary>A FullBlockClosure (SistaV1) on a CompiledBlock; outer context nil for clean blocks.</summary>
    private PointersObject NewFullClosure(CompiledMethodObject block, int numCopied, bool outerIsNil, Value rcvr)
    {
        if (!outerIsNil) Escape(activeContext);
        var slots = new Value[Layout.FullClosureFirstCopied + numCopied];
        slots[Layout.ClosureOuter] = outerIsNil ? Mem.NilV : activeContext;
        slots[Layout.FullClosureMethod] = block;
        slots[Layout.ClosureNumArgs] = Value.SmallInt(InfoOf(block).NumArgs);
        slots[Layout.FullClosureReceiver] = rcvr;
        Array.Copy(frame, sp - numCopied + 1, slots, Layout.FullClosureFirstCopied, numCopied);
        sp -= numCopied;
        var cls = (Mem.ClassFullBlockClosure ?? Mem.ClassBlockClosure)!;
        return new PointersObject(cls, Mem.NewHash(cls), 3, slots);
    }

    /// <summary>Frame slots of a closure activation: the method's frame, unless arguments and copied values leave too little of it.</summary>
    internal static int ClosureFrameSize(MethodInfo info, int argsAndCopied) =>
        argsAndCopied + 2 <= info.FrameSize ? info.FrameSize : argsAndCopied + Layout.SmallFrame;

    public bool IsFullClosure(PointersObject closure) =>
        closure.Slots.Length > Layout.FullClosureMethod && closure.Slots[Layout.FullClosureMethod].Ref is CompiledMethodObject;

    public int ClosureNumArgs(PointersObject closure) =>
        closure.Slots.Length > Layout.ClosureNumArgs && closure.Slots[Layout.ClosureNumArgs].IsSmallInt ? (int)closure.Slots[Layout.ClosureNumArgs].Bits : -1;

    /// <summary>
    /// Activates a closure whose receiver and <paramref name="argCount"/> arguments are on the
    /// stack, or whose arguments come from <paramref name="argArray"/> (valueWithArguments:).
    /// </summary>
    public bool ActivateClosure(PointersObject closure, int argCount, PointersObject? argArray = null)
    {
        var numArgs = argArray?.Slots.Length ?? argCount;
        if (ClosureNumArgs(closure) != numArgs) return Fail(PrimErr.BadNumArgs);
        var full = IsFullClosure(closure);
        CompiledMethodObject m;
        Value rcvr;
        int startIndex, firstCopied;
        if (full)
        {
            m = (CompiledMethodObject)closure.Slots[Layout.FullClosureMethod].Obj;
            rcvr = closure.Slots[Layout.FullClosureReceiver];
            startIndex = 0;
            firstCopied = Layout.FullClosureFirstCopied;
        }
        else
        {
            if (closure.Slots[Layout.ClosureOuter].Ref is not PointersObject outer || outer.Slots.Length <= Layout.CtxReceiver
                || outer.Slots[Layout.CtxMethod].Ref is not CompiledMethodObject om || !closure.Slots[Layout.ClosureStartPc].IsSmallInt)
                return Fail();
            m = om;
            rcvr = outer.Slots[Layout.CtxReceiver];
            startIndex = (int)closure.Slots[Layout.ClosureStartPc].Bits - InfoOf(om).BytecodeOffset - 1;
            firstCopied = Layout.ClosureFirstCopied;
        }
        var info = InfoOf(m);
        var numCopied = closure.Slots.Length - firstCopied;
        var ctx = NewContext(Layout.CtxTempStart + ClosureFrameSize(info, numArgs + numCopied));
        var slots = ctx.Slots;
        slots[Layout.CtxMethod] = m;
        slots[Layout.CtxClosure] = closure;
        slots[Layout.CtxReceiver] = rcvr;
        if (argArray is not null) Array.Copy(argArray.Slots, 0, slots, Layout.CtxTempStart, numArgs);
        else Array.Copy(frame, sp - argCount + 1, slots, Layout.CtxTempStart, argCount);
        Array.Copy(closure.Slots, firstCopied, slots, Layout.CtxTempStart + numArgs, numCopied);
        var top = Layout.CtxTempStart + numArgs + numCopied;
        if (full)
        {
            var nil = Mem.NilV;
            for (var i = numArgs + numCopied; i < info.NumTemps; i++) slots[top++] = nil;
        }
        sp -= argCount + 1;
        StoreContextRegisters();
        slots[Layout.CtxSender] = activeContext;
        slots[Layout.CtxPc] = Value.SmallInt(startIndex + info.BytecodeOffset + 1);
        slots[Layout.CtxStackp] = Value.SmallInt(top - Layout.CtxTempStart);
        FetchContextRegisters(ctx);
        return true;
    }

    /// <summary>Blue Book blockCopy: makes a BlockContext whose code follows the jump after this send.</summary>
    public bool BlockCopy(int argCount)
    {
        var rcvr = frame[sp - 1];
        var nargs = frame[sp];
        if (rcvr.Ref is not PointersObject ctx || !nargs.IsSmallInt || Mem.ClassBlockContext is null) return Fail();
        var home = ctx.Slots[Layout.CtxMethod].IsSmallInt ? (PointersObject)ctx.Slots[Layout.BlkHome].Obj : ctx;
        Escape(home);
        home.Flags |= ObjectFlags.BlocksMade;
        // As large as a whole frame of the home's method: a home married at entry by a direct frame still running holds its temporaries only.
        var slots = new Value[Math.Max(home.Slots.Length, WholeFrameSlots(home) ?? 0)];
        var block = new PointersObject(Mem.ClassBlockContext, Mem.NewHash(Mem.ClassBlockContext), 3, slots);
        // The send of blockCopy: is followed by a two-byte jump over the block's code.
        var initialPc = Value.SmallInt(pc + 2 + methodInfo.BytecodeOffset + 1);
        slots[Layout.BlkCaller] = Mem.NilV;
        slots[Layout.CtxPc] = initialPc;
        slots[Layout.CtxStackp] = Value.SmallInt(0);
        slots[Layout.BlkNumArgs] = nargs;
        slots[Layout.BlkInitialPc] = initialPc;
        slots[Layout.BlkHome] = home;
        Mem.FillNil(slots, Layout.CtxTempStart);
        return Answer(argCount, block);
    }

    /// <summary>Blue Book BlockContext value…: arguments go onto the block's own stack, which its code stores into the home's temporaries.</summary>
    public bool ActivateBlockContext(PointersObject block, int argCount, PointersObject? argArray = null)
    {
        var numArgs = argArray?.Slots.Length ?? argCount;
        var s = block.Slots;
        if (s.Length <= Layout.BlkHome) return Fail(PrimErr.BadReceiver);
        if (!s[Layout.BlkNumArgs].IsSmallInt || s[Layout.BlkNumArgs].Bits != numArgs) return Fail(PrimErr.BadNumArgs);
        if (!ReferenceEquals(s[Layout.BlkCaller].Ref, Mem.Nil) && s[Layout.BlkCaller].IsObject) return Fail(PrimErr.BadReceiver);
        GrowBlockForInterpreter(block);
        s = block.Slots;
        if (argArray is not null) Array.Copy(argArray.Slots, 0, s, Layout.CtxTempStart, numArgs);
        else Array.Copy(frame, sp - argCount + 1, s, Layout.CtxTempStart, argCount);
        sp -= argCount + 1;
        StoreContextRegisters();
        Escape(activeContext);
        s[Layout.BlkCaller] = activeContext;
        s[Layout.CtxPc] = s[Layout.BlkInitialPc];
        s[Layout.CtxStackp] = Value.SmallInt(numArgs);
        FetchContextRegisters(block);
        return true;
    }
}
