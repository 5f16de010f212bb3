using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// The context-chain primitives exception handling and unwinding use (195–197): they walk or
/// cut sender chains, so they run only in the interpreter, where every activation is a context
/// (never listed in <see cref="DirectSafePrimitives"/>: a direct frame flushes before sending).
/// Each has Smalltalk fallback code in the image; these only do the same walk faster.
/// </summary>
public static class UnwindPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.Add(195, FindNextUnwindContextUpTo);
        t.Add(196, TerminateTo);
        t.Add(197, FindNextHandlerContextStarting);
    }

    /// <summary>
    /// Longest chain walked before the primitive gives up and lets the fallback code (which can
    /// be interrupted) do it: a sender cycle, which only broken image code makes, must not hang the VM.
    /// </summary>
    private const int MaxWalk = 10_000_000;

    /// <summary>findNextUnwindContextUpTo: — the first ensure:/ifCurtailed: activation strictly above the receiver, stopping before the argument (nil: the chain's end).</summary>
    private static bool FindNextUnwindContextUpTo(Interpreter vm, int n)
    {
        if (n != 1 || !vm.IsContext(vm.Stack(1))) return vm.Fail(PrimErr.BadReceiver);
        var limit = vm.Stack(0);
        if (!vm.IsContext(limit) && !ReferenceEquals(limit.Ref, vm.Mem.Nil)) return vm.Fail(PrimErr.BadArgument);
        var c = ((PointersObject)vm.Stack(1).Obj).Slots[Layout.CtxSender];
        for (var steps = 0; steps < MaxWalk; steps++)
        {
            if (ReferenceEquals(c.Ref, limit.Ref) || c.Ref is not PointersObject ctx || !vm.IsContext(c)) return vm.Answer(1, vm.Mem.NilV);
            if (vm.IsUnwindMarked(ctx)) return AnswerContext(vm, 1, ctx);
            c = ctx.Slots[Layout.CtxSender];
        }
        return vm.Fail();
    }

    /// <summary>findNextHandlerContextStarting — the first on:do: activation from the receiver (included) up.</summary>
    private static bool FindNextHandlerContextStarting(Interpreter vm, int n)
    {
        if (n != 0 || !vm.IsContext(vm.Stack(0))) return vm.Fail(PrimErr.BadReceiver);
        var c = vm.Stack(0);
        for (var steps = 0; steps < MaxWalk; steps++)
        {
            if (c.Ref is not PointersObject ctx || !vm.IsContext(c)) return vm.Answer(0, vm.Mem.NilV);
            if (vm.IsHandlerMarked(ctx)) return AnswerContext(vm, 0, ctx);
            c = ctx.Slots[Layout.CtxSender];
        }
        return vm.Fail();
    }

    /// <summary>
    /// terminateTo: — when the argument is among the receiver's senders, every context in between
    /// dies (nil sender and pc, as a return leaves it); either way the argument becomes the
    /// receiver's sender. Unwind blocks in between are not run: the image runs them first.
    /// </summary>
    private static bool TerminateTo(Interpreter vm, int n)
    {
        if (n != 1 || !vm.IsContext(vm.Stack(1))) return vm.Fail(PrimErr.BadReceiver);
        var target = vm.Stack(0);
        if (!vm.IsContext(target) && !ReferenceEquals(target.Ref, vm.Mem.Nil)) return vm.Fail(PrimErr.BadArgument);
        var receiver = (PointersObject)vm.Stack(1).Obj;
        var distance = SenderDistance(vm, receiver, target);
        if (distance < 0 && distance != NotASender) return vm.Fail();
        if (distance > 0)
        {
            var c = receiver.Slots[Layout.CtxSender];
            while (!ReferenceEquals(c.Ref, target.Ref))
            {
                var dying = (PointersObject)c.Obj;
                c = dying.Slots[Layout.CtxSender];
                dying.Slots[Layout.CtxSender] = vm.Mem.NilV;
                dying.Slots[Layout.CtxPc] = vm.Mem.NilV;
            }
        }
        receiver.Slots[Layout.CtxSender] = target;
        return vm.Answer(1, receiver);
    }

    private const int NotASender = -1, TooLong = -2;

    /// <summary>How many sender links lead from <paramref name="from"/> to <paramref name="target"/> (as hasSender: asks: nil is never a sender).</summary>
    private static int SenderDistance(Interpreter vm, PointersObject from, Value target)
    {
        if (target.Ref is not PointersObject t || ReferenceEquals(t, from)) return NotASender;
        var c = from.Slots[Layout.CtxSender];
        for (var steps = 1; steps < MaxWalk; steps++)
        {
            if (c.Ref is not PointersObject ctx || !vm.IsContext(c)) return NotASender;
            if (ReferenceEquals(ctx, t)) return steps;
            c = ctx.Slots[Layout.CtxSender];
        }
        return TooLong;
    }

    /// <summary>A context handed to Smalltalk can be kept: it and its senders must never be recycled.</summary>
    private static bool AnswerContext(Interpreter vm, int n, PointersObject ctx)
    {
        vm.Escape(ctx);
        return vm.Answer(n, ctx);
    }
}
