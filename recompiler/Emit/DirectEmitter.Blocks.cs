using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using Instruction = Mono.Cecil.Cil.Instruction;
using Decoded = ImageAot.Runtime.Bytecodes.Instruction;

namespace ImageAot.Recompiler.Emit;

// Direct-call bodies: returns (local and non-local) and the blocks a frame makes or runs (closures, full blocks, Blue Book blocks).
public sealed partial class DirectEmitter
{
    /// <summary>
    /// A .NET return. A frame married to a context it made itself leaves that context dead (nil
    /// sender and pc), as a returned context is; one resumed from a context returns through the
    /// interpreter, which does that. (A block's frame returns to <see cref="Interpreter.ValueBlockDirect"/>.)
    /// </summary>
    private void Return(Frame f, Action load)
    {
        var il = f.IL;
        load();
        if (MarriedAtEntry(f) || f.Kind == Kind.ClosureMakesClosures)
        {
            il.Emit(OpCodes.Stloc, f.Result);
            LeaveOwnContextDead(f);
            il.Emit(OpCodes.Ldloc, f.Result);
        }
        il.Emit(OpCodes.Ret);
    }

    /// <summary>
    /// The frame is leaving (returning, or unwound by a non-local return): a context it made for
    /// itself at entry is left dead. One it was resumed from is the interpreter's to end.
    /// </summary>
    private void LeaveOwnContextDead(Frame f)
    {
        var il = f.IL;
        if (!MarriedAtEntry(f) && f.Kind != Kind.ClosureMakesClosures) return;
        var resumed = il.Create(OpCodes.Nop);
        if (MarriedAtEntry(f)) { il.Emit(OpCodes.Ldarg, f.ArgCtx); il.Emit(OpCodes.Brtrue, resumed); }
        il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldloc, f.Home); il.Emit(OpCodes.Call, markReturned);
        il.Append(resumed);
    }

    /// <summary>
    /// A ^ inside a block: straight to the home's frame when it is running below (see
    /// <see cref="Interpreter.TryNonLocalReturnDirect"/>), else a flush and the interpreter does it.
    /// </summary>
    private void EmitNonLocalReturn(Frame f, Decoded i, int d)
    {
        var il = f.IL;
        var viaContexts = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldarg, ArgVm);
        if (f.Kind == Kind.Block) il.Emit(OpCodes.Ldloc, f.Home);
        else { il.Emit(OpCodes.Ldarg, f.ArgCtx); il.Emit(OpCodes.Call, closureHome); }
        switch (i.Op)
        {
            case Op.ReturnTop: il.Emit(OpCodes.Ldloc, f.L[d - 1]); break;
            case Op.ReturnReceiver: il.Emit(OpCodes.Ldarg, ArgSelf); break;
            case Op.ReturnTrue: LoadVm(f, vmTrue); break;
            case Op.ReturnFalse: LoadVm(f, vmFalse); break;
            default: LoadVm(f, vmNil); break;
        }
        il.Emit(OpCodes.Call, tryNonLocalReturn);
        il.Emit(OpCodes.Brfalse, viaContexts);
        LeaveOwnContextDead(f);
        il.Emit(OpCodes.Ldloc, f.None); il.Emit(OpCodes.Ret);
        il.Append(viaContexts);
        FlushAt(f, i.Pc, d);
    }

    /// <summary>
    /// A non-local return is unwinding through this frame: if this frame's context is its home,
    /// the frame returns the value as its own answer; otherwise it returns at once (a context it
    /// made itself is left dead).
    /// </summary>
    private void UnwindOrAnswer(Frame f)
    {
        var il = f.IL;
        if (!InBlock(f.Kind))
        {
            var passOn = il.Create(OpCodes.Nop);
            if (MarriedAtEntry(f)) il.Emit(OpCodes.Ldloc, f.Home); else il.Emit(OpCodes.Ldarg, f.ArgCtx);
            LoadVm(f, vmNlrHome);
            il.Emit(OpCodes.Bne_Un, passOn);
            Return(f, () => { il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Call, takeNonLocalReturn); });
            il.Append(passOn);
        }
        LeaveOwnContextDead(f);
        il.Emit(OpCodes.Ldloc, f.None); il.Emit(OpCodes.Ret);
    }

    /// <summary>A closure on the frame's own context, with the copied values off the stack; execution goes on after the closure's code.</summary>
    private void EmitClosure(Frame f, Decoded i, int d)
    {
        var il = f.IL;
        var copied = i.Extra;
        il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldloc, f.Home); il.Emit(OpCodes.Ldarg, ArgMi);
        il.Emit(OpCodes.Ldc_I4, i.NextPc); il.Emit(OpCodes.Ldc_I4, i.ArgCount); il.Emit(OpCodes.Ldc_I4, copied);
        il.Emit(OpCodes.Call, newClosure);
        StoreCopiedValues(f, d, copied, Layout.ClosureFirstCopied);
        GoTo(f, i.Target, i.Pc);
    }

    /// <summary>
    /// A FullBlockClosure on the CompiledBlock in literal <c>i.Index</c>: its outer context is the
    /// frame's own (none for a clean block), its receiver self or the value on top of the copied values.
    /// </summary>
    private void EmitFullClosure(Frame f, Decoded i, int d)
    {
        var il = f.IL;
        var copied = i.Extra;
        var top = (i.ArgCount & DirectFlow.FullClosureReceiverOnStack) != 0 ? d - 1 : d;
        il.Emit(OpCodes.Ldarg, ArgVm);
        if ((i.ArgCount & DirectFlow.FullClosureOuterIsNil) != 0) il.Emit(OpCodes.Ldnull); else il.Emit(OpCodes.Ldloc, f.Home);
        Element(f, f.Lits, i.Index);
        if (top < d) il.Emit(OpCodes.Ldloc, f.L[d - 1]); else il.Emit(OpCodes.Ldarg, ArgSelf);
        il.Emit(OpCodes.Ldc_I4, copied);
        il.Emit(OpCodes.Call, newFullClosure);
        StoreCopiedValues(f, top, copied, Layout.FullClosureFirstCopied);
        Next(f, i);
    }

    /// <summary>
    /// The new closure is on the IL stack: keeps it, moves the <paramref name="copied"/> values
    /// below <paramref name="top"/> into its slots from <paramref name="firstSlot"/>, and leaves
    /// the closure where the first of them was.
    /// </summary>
    private void StoreCopiedValues(Frame f, int top, int copied, int firstSlot)
    {
        var il = f.IL;
        il.Emit(OpCodes.Stloc, f.Obj);
        if (copied > 0)
        {
            il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Stloc, f.CtxSlots);
            for (var k = 0; k < copied; k++)
            {
                il.Emit(OpCodes.Ldloc, f.CtxSlots); il.Emit(OpCodes.Ldc_I4, firstSlot + k); il.Emit(OpCodes.Ldloc, f.L[top - copied + k]);
                il.Emit(OpCodes.Stelem_Any, valueType);
            }
        }
        il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Call, objectValue); il.Emit(OpCodes.Stloc, f.L[top - copied]);
    }

    /// <summary><c>thisContext blockCopy: n</c>: the block is made from the home context, then execution goes on after the send (at the jump over the block's code).</summary>
    private void EmitBlockCopy(Frame f, int d, int afterSend)
    {
        var il = f.IL;
        var jump = f.ByPc[afterSend];
        // The deepest the block's own stack gets (its code lies between the jump and its target).
        var maxDepth = f.Depth.Where(p => p.Key >= jump.NextPc && p.Key < jump.Target).Select(p => p.Value).DefaultIfEmpty(0).Max();
        il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldloc, f.Home); il.Emit(OpCodes.Ldarg, ArgMi);
        il.Emit(OpCodes.Ldc_I4, f.Depth[jump.NextPc]); il.Emit(OpCodes.Ldc_I4, jump.NextPc); il.Emit(OpCodes.Ldc_I4, maxDepth + 1);
        il.Emit(OpCodes.Call, blockCopy);
        il.Emit(OpCodes.Stloc, f.L[d]);
        il.Emit(OpCodes.Br, f.Labels[afterSend]);
    }


    /// <summary>
    /// A full block's temporaries after its arguments: the closure's copied values, then nil. How
    /// many it copied is the closure's to say (the block's header counts both kinds together).
    /// </summary>
    private void LoadFullBlockTemps(Frame f, int numArgs, int numTemps)
    {
        var il = f.IL;
        if (numTemps <= numArgs) return;
        il.Emit(OpCodes.Ldarg, f.ArgCtx); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Stloc, f.CtxSlots);
        // FlushPc holds the copied count here: no flush can have started yet.
        il.Emit(OpCodes.Ldloc, f.CtxSlots); il.Emit(OpCodes.Ldlen); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Ldc_I4, Layout.FullClosureFirstCopied); il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Stloc, f.FlushPc);
        for (var k = 0; k < numTemps - numArgs; k++)
        {
            var useNil = il.Create(OpCodes.Nop);
            var store = il.Create(OpCodes.Nop);
            il.Emit(OpCodes.Ldloc, f.FlushPc); il.Emit(OpCodes.Ldc_I4, k); il.Emit(OpCodes.Ble, useNil);
            Element(f, f.CtxSlots, Layout.FullClosureFirstCopied + k); il.Emit(OpCodes.Br, store);
            il.Append(useNil);
            LoadVm(f, vmNil);
            il.Append(store);
            il.Emit(OpCodes.Stloc, f.L[numArgs + k]);
        }
    }
}
