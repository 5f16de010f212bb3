using System.Runtime.CompilerServices;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// Entering and leaving contexts: register load/store, returns, non-local return and unwinding.
public sealed partial class Interpreter
{
    /// <summary>True while the active context is a block activation (a ^ in it is a non-local return).</summary>
    private bool inBlock;

    /// <summary>Writes the pc and stack pointer of the active context into its slots, so the image sees them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreContextRegisters()
    {
        frame[Layout.CtxPc] = Value.SmallInt(pc + methodInfo.BytecodeOffset + 1);
        frame[Layout.CtxStackp] = Value.SmallInt(sp - (Layout.CtxTempStart - 1));
    }

    /// <summary>Makes <paramref name="ctx"/> the active context, loading its registers.</summary>
    public void FetchContextRegisters(PointersObject ctx)
    {
        activeContext = ctx;
        frame = ctx.Slots;
        var methodSlot = frame[Layout.CtxMethod];
        PointersObject home;
        if (methodSlot.IsSmallInt)
        {
            // Blue Book BlockContext: method, receiver and temporaries belong to the home context.
            home = (PointersObject)frame[Layout.BlkHome].Obj;
            inBlock = true;
        }
        else
        {
            home = ctx;
            inBlock = !ReferenceEquals(frame[Layout.CtxClosure].Ref, Mem.Nil) && frame[Layout.CtxClosure].IsObject;
        }
        temps = home.Slots;
        method = (CompiledMethodObject)home.Slots[Layout.CtxMethod].Obj;
        methodInfo = InfoOf(method);
        code = method.Bytes;
        literals = method.Literals;
        receiver = home.Slots[Layout.CtxReceiver];
        receiverSlots = (receiver.Ref as PointersObject)?.Slots;
        var p = frame[Layout.CtxPc];
        pc = p.IsSmallInt ? (int)p.Bits - methodInfo.BytecodeOffset - 1 : 0;
        var s = frame[Layout.CtxStackp];
        sp = (s.IsSmallInt ? (int)s.Bits : 0) + Layout.CtxTempStart - 1;
    }

    /// <summary>Returns <paramref name="result"/> from the active context to its sender.</summary>
    private void ReturnToSender(Value result)
    {
        if (ReferenceEquals(activeContext, baseContext)) { FinishTopLevel(result); return; }
        var sender = frame[Layout.CtxSender];
        if (sender.Ref is not PointersObject target || target.Slots.Length <= Layout.CtxReceiver || !target.Slots[Layout.CtxPc].IsSmallInt)
        {
            if (IsHostCallMethod(method)) EndStaleHostCall();
            else CannotReturn(result);
            return;
        }
        // A returned context is dead (nil sender and pc); one nobody has seen is simply reused.
        if ((activeContext.Flags & ObjectFlags.Recyclable) != 0) Recycle(activeContext);
        else
        {
            frame[Layout.CtxSender] = Mem.NilV;
            frame[Layout.CtxPc] = Mem.NilV;
        }
        FetchContextRegisters(target);
        frame[++sp] = result;
    }

    // ---- context recycling: most activations return without anyone having seen their context

    private readonly PointersObject?[] freeSmall = new PointersObject?[64], freeLarge = new PointersObject?[16];
    private int freeSmallCount, freeLargeCount;

    /// <summary>A MethodContext with this many slots, reused from a returned one when possible.</summary>
    private PointersObject NewContext(int size)
    {
        if (size == Layout.CtxTempStart + Layout.SmallFrame && freeSmallCount > 0) return freeSmall[--freeSmallCount]!;
        if (size == Layout.CtxTempStart + Layout.LargeFrame && freeLargeCount > 0) return freeLarge[--freeLargeCount]!;
        return new PointersObject(Mem.ClassMethodContext, Mem.NewHash(Mem.ClassMethodContext), 3, new Value[size]) { Flags = ObjectFlags.Recyclable };
    }

    private void Recycle(PointersObject ctx)
    {
        var n = ctx.Slots.Length;
        if (n == Layout.CtxTempStart + Layout.SmallFrame && freeSmallCount < freeSmall.Length) freeSmall[freeSmallCount++] = ctx;
        else if (n == Layout.CtxTempStart + Layout.LargeFrame && freeLargeCount < freeLarge.Length) freeLarge[freeLargeCount++] = ctx;
    }

    /// <summary>
    /// Smalltalk code can now reach this context (and through it, its senders): none of them
    /// may be reused. Stops at the first one already marked, whose senders are marked too.
    /// </summary>
    public void Escape(PointersObject ctx)
    {
        SqObject? c = ctx;
        while (c is PointersObject p && (p.Flags & ObjectFlags.Recyclable) != 0)
        {
            p.Flags &= ~ObjectFlags.Recyclable;
            c = p.Slots[Layout.CtxSender].Ref;
        }
    }

    /// <summary>The method activation a block activation belongs to (following closures' outer contexts).</summary>
    private PointersObject? HomeContext()
    {
        var ctx = activeContext;
        for (var depth = 0; depth < 100000; depth++)
        {
            var s = ctx.Slots;
            if (s[Layout.CtxMethod].IsSmallInt)
                return s[Layout.BlkHome].Ref as PointersObject;
            var closure = s[Layout.CtxClosure];
            if (closure.Ref is not PointersObject c || ReferenceEquals(c, Mem.Nil)) return ctx;
            if (c.Slots[Layout.ClosureOuter].Ref is not PointersObject outer || ReferenceEquals(outer, Mem.Nil)) return null;
            ctx = outer;
        }
        return null;
    }

    /// <summary>^ inside a block: return from the home method to its sender, through any unwind-protect blocks.</summary>
    private void NonLocalReturn(Value result)
    {
        var home = HomeContext();
        if (home is null || !home.Slots[Layout.CtxPc].IsSmallInt) { CannotReturn(result); return; }
        var target = home.Slots[Layout.CtxSender];
        if (target.Ref is not PointersObject || ReferenceEquals(target.Ref, Mem.Nil)) { CannotReturn(result); return; }

        // The home must be on the sender chain; an ensure:/ifCurtailed: activation on the way runs first.
        Value ctx = activeContext;
        while (!ReferenceEquals(ctx.Ref, home))
        {
            if (ctx.Ref is not PointersObject c || ReferenceEquals(c, Mem.Nil)) { CannotReturn(result); return; }
            if (IsUnwindMarked(c) && !ReferenceEquals(c, activeContext))
            {
                Escape(activeContext);
                frame[++sp] = activeContext;
                frame[++sp] = result;
                frame[++sp] = c;
                Send(Mem.Special(48).Obj, 2);
                return;
            }
            ctx = c.Slots[Layout.CtxSender];
        }

        ctx = activeContext;
        while (!ReferenceEquals(ctx.Ref, home))
        {
            var c = (PointersObject)ctx.Obj;
            ctx = c.Slots[Layout.CtxSender];
            c.Slots[Layout.CtxSender] = Mem.NilV;
            c.Slots[Layout.CtxPc] = Mem.NilV;
        }
        FetchContextRegisters(home);
        ReturnToSender(result);
    }

    /// <summary>An activation of ensure: or ifCurtailed: (its method carries the marker primitive 198).</summary>
    public bool IsUnwindMarked(PointersObject ctx) => IsMarkedBy(ctx, 198);

    /// <summary>An activation of on:do: (its method carries the marker primitive 199).</summary>
    public bool IsHandlerMarked(PointersObject ctx) => IsMarkedBy(ctx, 199);

    private bool IsMarkedBy(PointersObject ctx, int marker)
    {
        var m = ctx.Slots[Layout.CtxMethod];
        return m.Ref is CompiledMethodObject cm && InfoOf(cm).PrimitiveIndex == marker;
    }

    /// <summary>A MethodContext, or a Blue Book BlockContext in images that have them.</summary>
    public bool IsContext(Value v) =>
        v.Ref is PointersObject p && (ReferenceEquals(p.Class, Mem.ClassMethodContext) || (Mem.ClassBlockContext is { } b && ReferenceEquals(p.Class, b)));

    private void CannotReturn(Value result)
    {
        Escape(activeContext);
        frame[++sp] = activeContext;
        frame[++sp] = result;
        Send(Mem.Special(SpecialObjectIndex.SelectorCannotReturn).Obj, 1);
    }

    /// <summary>Block-local return: from the block activation to its caller.</summary>
    private void BlockReturn(Value result) => ReturnToSender(result);

    /// <summary>Answers a context with the pc and stack pointer of its live registers, for thisContext.</summary>
    public PointersObject ThisContext()
    {
        StoreContextRegisters();
        Escape(activeContext);
        return activeContext;
    }
}
