using ImageAot.Runtime.Execution;
using Mono.Cecil.Cil;

namespace ImageAot.Recompiler.Emit;

// Direct-call bodies: a frame's entry (arguments, its context, the depth and interrupt checks) and its resumption from a context.
public sealed partial class DirectEmitter
{
    private void EmitEntry(Frame f, int start, int numArgs, int numTemps, bool usesReceiverSlots, bool[] resumePoints)
    {
        var il = f.IL;
        il.Emit(OpCodes.Ldarg, ArgMi); il.Emit(OpCodes.Ldfld, miLiterals); il.Emit(OpCodes.Stloc, f.Lits);
        il.Emit(OpCodes.Ldarg, ArgMi); il.Emit(OpCodes.Ldfld, miSites); il.Emit(OpCodes.Stloc, f.Sites);
        if (usesReceiverSlots)
        {
            var none = il.Create(OpCodes.Nop);
            il.Emit(OpCodes.Ldarga, ArgSelf); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Isinst, pointersObject); il.Emit(OpCodes.Stloc, f.Obj);
            il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Brfalse, none);
            il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Stloc, f.Rslots);
            il.Append(none);
        }
        if (f.Kind == Kind.Block)
        {
            // The block's temporaries are its home context's; its arguments start its own stack.
            il.Emit(OpCodes.Ldarg, f.ArgCtx); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Ldc_I4, Layout.BlkHome); il.Emit(OpCodes.Ldelema, valueType);
            il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Castclass, pointersObject); il.Emit(OpCodes.Stloc, f.Home);
            il.Emit(OpCodes.Ldloc, f.Home); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Stloc, f.HomeSlots);
            for (var a = 0; a < numArgs; a++) { il.Emit(OpCodes.Ldarg, ArgFirst + a); il.Emit(OpCodes.Stloc, f.L[a]); }
        }
        else if (IsClosure(f))
        {
            // Arguments, then the values the closure copied.
            var copied = f.Depth[start] - numArgs;
            for (var a = 0; a < numArgs; a++) { il.Emit(OpCodes.Ldarg, ArgFirst + a); il.Emit(OpCodes.Stloc, f.L[a]); }
            if (f.Full) LoadFullBlockTemps(f, numArgs, numTemps);
            else if (copied > 0)
            {
                il.Emit(OpCodes.Ldarg, f.ArgCtx); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Stloc, f.CtxSlots);
                for (var k = 0; k < copied; k++)
                {
                    il.Emit(OpCodes.Ldloc, f.CtxSlots); il.Emit(OpCodes.Ldc_I4, Layout.ClosureFirstCopied + k); il.Emit(OpCodes.Ldelem_Any, valueType);
                    il.Emit(OpCodes.Stloc, f.L[numArgs + k]);
                }
            }
            if (f.Kind == Kind.ClosureMakesClosures)
            {
                // The closures it makes need this activation's context as their outer context.
                il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldarg, ArgMi); il.Emit(OpCodes.Ldarg, f.ArgCtx); il.Emit(OpCodes.Ldarg, ArgSelf);
                il.Emit(OpCodes.Ldc_I4, start); il.Emit(OpCodes.Ldc_I4, f.Depth[start]);
                il.Emit(OpCodes.Call, newFlushedClosureFrame); il.Emit(OpCodes.Stloc, f.Home);
            }
        }
        else
        {
            if (MarriedAtEntry(f))
            {
                // The context the frame is married to, or a new one for it (the blocks it makes need their home).
                var have = il.Create(OpCodes.Nop);
                il.Emit(OpCodes.Ldarg, f.ArgCtx); il.Emit(OpCodes.Stloc, f.Home);
                il.Emit(OpCodes.Ldloc, f.Home); il.Emit(OpCodes.Brtrue, have);
                il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldarg, ArgMi); il.Emit(OpCodes.Ldarg, ArgSelf);
                for (var a = 0; a < MaxArgs; a++)
                    if (a < numArgs) il.Emit(OpCodes.Ldarg, ArgFirst + a); else il.Emit(OpCodes.Ldloc, f.None);
                il.Emit(OpCodes.Call, marryAtEntry); il.Emit(OpCodes.Stloc, f.Home);
                il.Append(have);
                il.Emit(OpCodes.Ldloc, f.Home); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Stloc, f.HomeSlots);
            }
            // Resuming comes before the body, so that its jumps into it go forward: a backward branch
            // would tell the JIT the body loops (instrumented from its first compile, an on-stack
            // replacement point at every place a context resumes).
            var fresh = il.Create(OpCodes.Nop);
            il.Emit(OpCodes.Ldarg, f.ArgCtx); il.Emit(OpCodes.Brfalse, fresh);
            EmitResume(f, resumePoints);
            il.Append(fresh);
            if (!TempsInHome(f))
            {
                for (var a = 0; a < Math.Min(numArgs, MaxArgs); a++) { il.Emit(OpCodes.Ldarg, ArgFirst + a); il.Emit(OpCodes.Stloc, f.L[a]); }
                for (var a = MaxArgs; a < numArgs; a++)
                {
                    LoadVm(f, vmExtraArgs); il.Emit(OpCodes.Ldc_I4, a - MaxArgs); il.Emit(OpCodes.Ldelem_Any, valueType); il.Emit(OpCodes.Stloc, f.L[a]);
                }
                for (var t = numArgs; t < numTemps; t++) { LoadVm(f, vmNil); il.Emit(OpCodes.Stloc, f.L[t]); }
            }
        }
        // Too deep, or an interrupt due: go on from a context instead, from the first bytecode.
        var flush = il.Create(OpCodes.Nop);
        var go = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldarg, ArgDepth); il.Emit(OpCodes.Ldc_I4, Interpreter.DirectDepthLimit); il.Emit(OpCodes.Bgt, flush);
        // Frames differ in size and threads in stack: every 8 levels, make sure there is room for more.
        var roomy = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldarg, ArgDepth); il.Emit(OpCodes.Ldc_I4_7); il.Emit(OpCodes.And); il.Emit(OpCodes.Brtrue, roomy);
        il.Emit(OpCodes.Call, stackRoom); il.Emit(OpCodes.Brfalse, flush);
        il.Append(roomy);
        CountDown(f);
        il.Emit(OpCodes.Bgt, go);
        il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Call, poll); il.Emit(OpCodes.Brfalse, go);
        il.Append(flush);
        if (InBlock(f.Kind)) FlushAt(f, start, f.Depth[start]); else FlushAt(f, 0, numTemps);
        il.Append(go);
        if (start != 0) il.Emit(OpCodes.Br, f.Labels[start]);
    }

    /// <summary>Going on from a context: its temporaries and stack into the locals, then to its pc.</summary>
    private void EmitResume(Frame f, bool[] resumePoints)
    {
        var il = f.IL;
        il.Emit(OpCodes.Ldarg, f.ArgCtx); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Stloc, f.CtxSlots);
        il.Emit(OpCodes.Ldloc, f.CtxSlots); il.Emit(OpCodes.Ldc_I4, Layout.CtxStackp); il.Emit(OpCodes.Ldelema, valueType); il.Emit(OpCodes.Ldfld, valueBits);
        il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Stloc, f.FlushDepth);
        var loaded = il.Create(OpCodes.Nop);
        for (var k = f.StackBase; k < f.L.Length; k++)
        {
            il.Emit(OpCodes.Ldloc, f.FlushDepth); il.Emit(OpCodes.Ldc_I4, k); il.Emit(OpCodes.Ble, loaded);
            il.Emit(OpCodes.Ldloc, f.CtxSlots); il.Emit(OpCodes.Ldc_I4, Layout.CtxTempStart + k); il.Emit(OpCodes.Ldelem_Any, valueType);
            il.Emit(OpCodes.Stloc, f.L[k]);
        }
        il.Append(loaded);
        var refused = il.Create(OpCodes.Nop);
        var table = new Instruction[resumePoints.Length];
        for (var pc = 0; pc < table.Length; pc++) table[pc] = resumePoints[pc] ? f.Labels[pc] : refused;
        il.Emit(OpCodes.Ldloc, f.CtxSlots); il.Emit(OpCodes.Ldc_I4, Layout.CtxPc); il.Emit(OpCodes.Ldelema, valueType); il.Emit(OpCodes.Ldfld, valueBits);
        il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Ldarg, ArgMi); il.Emit(OpCodes.Ldfld, miBytecodeOffset); il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Switch, table);
        il.Append(refused);
        il.Emit(OpCodes.Call, resumeRefused);
        il.Emit(OpCodes.Ldloc, f.None); il.Emit(OpCodes.Ret);
    }
}
