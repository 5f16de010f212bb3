using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace ImageAot.Recompiler.Emit;

// Direct-call bodies: sends answered at the send site, without a call (quick methods and setters, see QuickSends).
public sealed partial class DirectEmitter
{
    /// <summary>
    /// After the site's class matched (f.Site is the matching entry) and its kind, in f.Quick, is
    /// not <see cref="SendSite.CallTarget"/>: do what the quick method or setter does on L[r] and go to
    /// <paramref name="done"/>; when the receiver is not what the entry expects
    /// (not a pointers object, too few slots, immutable), go to <paramref name="call"/>, which sends
    /// it the general way.
    /// </summary>
    private void EmitQuickAnswer(Frame f, int r, int argc, Instruction call, Instruction done)
    {
        var il = f.IL;
        var notSelf = il.Create(OpCodes.Nop);
        var notConstant = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldloc, f.Quick); il.Emit(OpCodes.Ldc_I4, SendSite.AnswerSelf); il.Emit(OpCodes.Bne_Un, notSelf);
        il.Emit(OpCodes.Br, done);                                      // the receiver is the answer, in L[r] already
        il.Append(notSelf);
        il.Emit(OpCodes.Ldloc, f.Quick); il.Emit(OpCodes.Ldc_I4, SendSite.AnswerConstant); il.Emit(OpCodes.Bne_Un, notConstant);
        il.Emit(OpCodes.Ldloc, f.Site); il.Emit(OpCodes.Ldfld, siteQuickValue); il.Emit(OpCodes.Stloc, f.L[r]);
        il.Emit(OpCodes.Br, done);
        il.Append(notConstant);
        // An instance variable: the receiver's slot array, the index checked against it.
        il.Emit(OpCodes.Ldloca, f.L[r]); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Isinst, pointersObject); il.Emit(OpCodes.Stloc, f.Obj);
        il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Brfalse, call);
        il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Stloc, f.QuickSlots);
        il.Emit(OpCodes.Ldloc, f.Site); il.Emit(OpCodes.Ldfld, siteQuickIndex); il.Emit(OpCodes.Stloc, f.QuickIndex);
        il.Emit(OpCodes.Ldloc, f.QuickIndex); il.Emit(OpCodes.Ldloc, f.QuickSlots); il.Emit(OpCodes.Ldlen); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Bge_Un, call);
        if (argc == 1)
        {
            var getter = il.Create(OpCodes.Nop);
            il.Emit(OpCodes.Ldloc, f.Quick); il.Emit(OpCodes.Ldc_I4, SendSite.AnswerSlot); il.Emit(OpCodes.Beq, getter);
            // A setter: an immutable receiver goes through the call (its body flushes, the interpreter sends attemptToAssign:withIndex:).
            il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Ldfld, objectFlags); il.Emit(OpCodes.Ldc_I4, (int)ObjectFlags.Immutable); il.Emit(OpCodes.And);
            il.Emit(OpCodes.Brtrue, call);
            il.Emit(OpCodes.Ldloc, f.QuickSlots); il.Emit(OpCodes.Ldloc, f.QuickIndex); il.Emit(OpCodes.Ldloc, f.L[r + 1]); il.Emit(OpCodes.Stelem_Any, valueType);
            il.Emit(OpCodes.Ldloc, f.Quick); il.Emit(OpCodes.Ldc_I4, SendSite.StoreSlotAnswerSelf); il.Emit(OpCodes.Beq, done);
            il.Emit(OpCodes.Ldloc, f.L[r + 1]); il.Emit(OpCodes.Stloc, f.L[r]);
            il.Emit(OpCodes.Br, done);
            il.Append(getter);
        }
        il.Emit(OpCodes.Ldloc, f.QuickSlots); il.Emit(OpCodes.Ldloc, f.QuickIndex); il.Emit(OpCodes.Ldelem_Any, valueType); il.Emit(OpCodes.Stloc, f.L[r]);
        il.Emit(OpCodes.Br, done);
    }
}
