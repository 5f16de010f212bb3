using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using Instruction = Mono.Cecil.Cil.Instruction;
using Decoded = ImageAot.Runtime.Bytecodes.Instruction;

namespace ImageAot.Recompiler.Emit;

// Direct-call bodies: sends through inline caches, directed super sends, and the special selectors done inline.
public sealed partial class DirectEmitter
{
    /// <summary>
    /// A send through the site's inline cache: when the receiver's class is the one cached, call
    /// the cached entry; otherwise <see cref="Interpreter.SendMiss"/>. After the call the frame
    /// checks whether it must flush (before the send if it was not done, after it if a callee flushed).
    /// </summary>
    private void EmitSend(Frame f, Decoded i, int d)
    {
        var argc = i.ArgCount;
        var r = d - argc - 1;
        var code = (argc << 16) | i.Index | (i.Op == Op.SuperSend ? Interpreter.SuperSendBit : 0);
        EmitCall(f, i, d, r, argc, code, i.Op != Op.SuperSend);
    }

    /// <summary>A directed super send: the class above whose superclass lookup starts is on top, over the arguments.</summary>
    private void EmitDirectedSuperSend(Frame f, Decoded i, int d)
    {
        var argc = i.ArgCount;
        EmitCall(f, i, d, d - argc - 2, argc, (argc << 16) | i.Index, cached: false, directedClass: f.L[d - 1]);
    }

    /// <remarks>
    /// In a body with <see cref="Frame.OutOfLineSends"/> the cached send is one call of
    /// <see cref="Interpreter.SendCached"/> (or, for an arithmetic special selector's slow path,
    /// <see cref="Interpreter.SpecialSendCached"/>, which tries Floats first).
    /// </remarks>
    /// <param name="outOfLine">Send through the helper even in a body whose other sends are inline: the slow path of
    /// an operation whose common cases were computed inline (see <see cref="EmitSpecialSend"/>).</param>
    private void EmitCall(Frame f, Decoded i, int d, int r, int argc, int selectorCode, bool cached, VariableDefinition? directedClass = null, bool specialSlowPath = false, bool outOfLine = false)
    {
        var il = f.IL;
        var site = f.SiteOf[i.Pc];
        var miss = il.Create(OpCodes.Nop);
        var after = il.Create(OpCodes.Nop);
        var done = il.Create(OpCodes.Nop);
        // Arguments after the fourth go through the VM (DirectFlow.MaxArgs); nothing runs between here and the callee's entry.
        for (var a = MaxArgs + 1; a <= argc; a++)
        {
            LoadVm(f, vmExtraArgs); il.Emit(OpCodes.Ldc_I4, a - MaxArgs - 1); il.Emit(OpCodes.Ldloc, f.L[r + a]); il.Emit(OpCodes.Stelem_Any, valueType);
        }
        void PushArgs()
        {
            il.Emit(OpCodes.Ldloc, f.L[r]);
            for (var a = 1; a <= MaxArgs; a++) il.Emit(OpCodes.Ldloc, a <= argc ? f.L[r + a] : f.None);
        }
        // The cached target takes the send's own arguments (see Frame.ArgCtx).
        void PushPassedArgs()
        {
            il.Emit(OpCodes.Ldloc, f.L[r]);
            for (var a = 1; a <= Math.Min(argc, MaxArgs); a++) il.Emit(OpCodes.Ldloc, f.L[r + a]);
        }
        // The send as one call of Interpreter.SendCached (or, for an arithmetic special selector's slow path, SpecialSendCached).
        void SendThroughHelper(bool special)
        {
            il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldarg, ArgMi); il.Emit(OpCodes.Ldc_I4, site); il.Emit(OpCodes.Ldc_I4, selectorCode);
            il.Emit(OpCodes.Ldarg, ArgDepth);
            if (special)
            {
                il.Emit(OpCodes.Ldloc, f.L[r]); il.Emit(OpCodes.Ldloc, f.L[r + 1]);
                il.Emit(OpCodes.Call, specialSendCached);
            }
            else
            {
                PushArgs();
                il.Emit(OpCodes.Call, sendCached);
            }
            il.Emit(OpCodes.Stloc, f.Result);
            il.Emit(OpCodes.Br, after);
        }
        if (cached && (f.OutOfLineSends || outOfLine)) SendThroughHelper(specialSlowPath);
        else if (cached)
        {
            // Either entry of the site may hold the receiver's class; f.Site ends up as the one that does.
            var hit = il.Create(OpCodes.Nop);
            var call = il.Create(OpCodes.Nop);
            il.Emit(OpCodes.Ldloc, f.Sites); il.Emit(OpCodes.Ldc_I4, site); il.Emit(OpCodes.Ldelem_Ref); il.Emit(OpCodes.Stloc, f.Site);
            il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldloc, f.L[r]); il.Emit(OpCodes.Call, classKey); il.Emit(OpCodes.Stloc, f.SiteClass);
            il.Emit(OpCodes.Ldloc, f.SiteClass); il.Emit(OpCodes.Ldloc, f.Site); il.Emit(OpCodes.Ldfld, siteClass); il.Emit(OpCodes.Beq, hit);
            il.Emit(OpCodes.Ldloc, f.Site); il.Emit(OpCodes.Ldfld, siteSecond); il.Emit(OpCodes.Stloc, f.Site);
            il.Emit(OpCodes.Ldloc, f.SiteClass); il.Emit(OpCodes.Ldloc, f.Site); il.Emit(OpCodes.Ldfld, siteClass); il.Emit(OpCodes.Bne_Un, miss);
            il.Append(hit);
            // The call path (benchFib's, say) pays one load and branch for quick answers, whose code
            // follows the call's. Every jump out of it goes forward (see EmitEntry): a receiver the
            // answer does not fit sends through Interpreter.SendCached, not back to the call.
            var quick = il.Create(OpCodes.Nop);
            var slowCall = il.Create(OpCodes.Nop);
            il.Emit(OpCodes.Ldloc, f.Site); il.Emit(OpCodes.Ldfld, siteQuick); il.Emit(OpCodes.Stloc, f.Quick);
            il.Emit(OpCodes.Ldloc, f.Quick); il.Emit(OpCodes.Brtrue, quick);
            il.Append(call);
            il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldloc, f.Site); il.Emit(OpCodes.Ldfld, siteInfo);
            il.Emit(OpCodes.Ldarg, ArgDepth); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Add);
            PushPassedArgs();
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Ldloc, f.Site); il.Emit(OpCodes.Ldfld, siteTarget);
            il.Emit(OpCodes.Calli, directSignatures[Math.Min(argc, MaxArgs)]);
            il.Emit(OpCodes.Stloc, f.Result);
            il.Emit(OpCodes.Br, after);
            il.Append(quick);
            EmitQuickAnswer(f, r, argc, slowCall, done);
            il.Append(slowCall);
            SendThroughHelper(special: false);
        }
        il.Append(miss);
        il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldarg, ArgMi);
        if (directedClass is null) il.Emit(OpCodes.Ldc_I4, site);
        il.Emit(OpCodes.Ldc_I4, selectorCode);
        il.Emit(OpCodes.Ldarg, ArgDepth);
        if (directedClass is not null) il.Emit(OpCodes.Ldloc, directedClass);
        PushArgs();
        il.Emit(OpCodes.Call, directedClass is null ? sendMiss : directedSuperSendMiss);
        il.Emit(OpCodes.Stloc, f.Result);
        il.Append(after);
        var flush = il.Create(OpCodes.Nop);
        LoadVm(f, vmFlush); il.Emit(OpCodes.Brtrue, flush);
        il.Emit(OpCodes.Ldloc, f.Result); il.Emit(OpCodes.Stloc, f.L[r]);
        il.Append(done);
        f.Cold.Add(() =>
        {
            var afterSend = il.Create(OpCodes.Nop);
            var notUnwinding = il.Create(OpCodes.Nop);
            il.Append(flush);
            LoadVm(f, vmFlush); il.Emit(OpCodes.Ldc_I4, Interpreter.FlushNonLocalReturn); il.Emit(OpCodes.Bne_Un, notUnwinding);
            if (f.Unwinding is null)
            {
                f.Unwinding = il.Create(OpCodes.Nop);
                f.Shared.Add(() => { il.Append(f.Unwinding); UnwindOrAnswer(f); });
            }
            il.Emit(OpCodes.Br, f.Unwinding);
            il.Append(notUnwinding);
            LoadVm(f, vmFlush); il.Emit(OpCodes.Ldc_I4, Interpreter.FlushAtSend); il.Emit(OpCodes.Bne_Un, afterSend);
            FlushAt(f, i.Pc, d);
            il.Append(afterSend);
            FlushAt(f, i.NextPc, r);
        });
    }

    /// <summary>Special selectors: SmallInteger arithmetic and comparisons, ==, class and Array at:/at:put: inline; the rest are sends.</summary>
    private void EmitSpecialSend(Frame f, Decoded i, int d)
    {
        var k = i.Index;
        var argc = StackAnalysis.SpecialSelectorArgs[k];
        var il = f.IL;
        var slow = il.Create(OpCodes.Nop);
        switch (k)
        {
            case 22:
            {
                var notSame = il.Create(OpCodes.Nop);
                il.Emit(OpCodes.Ldloca, f.L[d - 2]); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Ldloca, f.L[d - 1]); il.Emit(OpCodes.Ldfld, valueRef);
                il.Emit(OpCodes.Bne_Un, notSame);
                il.Emit(OpCodes.Ldloca, f.L[d - 2]); il.Emit(OpCodes.Ldfld, valueBits); il.Emit(OpCodes.Ldloca, f.L[d - 1]); il.Emit(OpCodes.Ldfld, valueBits);
                il.Emit(OpCodes.Bne_Un, notSame);
                StoreBoolean(f, notSame, d - 2);
                Next(f, i);
                return;
            }
            case 23:
                il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldloc, f.L[d - 1]); il.Emit(OpCodes.Call, classOf); il.Emit(OpCodes.Stloc, f.L[d - 1]);
                Next(f, i);
                return;
            case 16: case 17:
                EmitArrayAccess(f, i, d, k == 17, slow);
                break;
            case <= 10 or 12 or 13 or 14 or 15:
                EmitSmallIntegerOp(f, i, d, k, slow);
                break;
            default:
                EmitCall(f, i, d, d - argc - 1, argc, (argc << 16) | k | Interpreter.SpecialSelectorBit, true);
                Next(f, i);
                return;
        }
        il.Append(slow);
        var floatsTried = k <= 9 && !f.OutOfLineSends;
        if (floatsTried) EmitFloatSpecial(f, i, d, k);
        // What is left of arithmetic and ordering (LargeIntegers, Fractions, Points...) sends out of line:
        // an inline cache, call and quick answers at every such site made a Float loop's method so big
        // (Mandelbrot's: 49 KB of machine code, 300 inlinees) that the JIT kept every local in memory.
        // = and ~= keep theirs: Strings, Symbols and other objects are their common receivers (Json).
        EmitCall(f, i, d, d - argc - 1, argc, (argc << 16) | k | Interpreter.SpecialSelectorBit, true,
            specialSlowPath: k <= 9 && !floatsTried, outOfLine: k is <= 5 or 8 or 9 or 10 or 12 or 13 or 14 or 15);
        Next(f, i);
    }

    /// <summary>Float operands (or a SmallInteger and a Float) of + - * / and the comparisons, computed by the runtime without a send.</summary>
    private void EmitFloatSpecial(Frame f, Decoded i, int d, int k)
    {
        var il = f.IL;
        var send = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldloc, f.L[d - 2]); il.Emit(OpCodes.Ldloc, f.L[d - 1]);
        il.Emit(OpCodes.Call, floatSpecials[k]); il.Emit(OpCodes.Stloc, f.Result);
        il.Emit(OpCodes.Ldloca, f.Result); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Brfalse, send);
        il.Emit(OpCodes.Ldloc, f.Result); il.Emit(OpCodes.Stloc, f.L[d - 2]);
        Next(f, i);
        il.Append(send);
    }

    private void EmitSmallIntegerOp(Frame f, Decoded i, int d, int k, Instruction slow)
    {
        var il = f.IL;
        il.Emit(OpCodes.Ldloca, f.L[d - 2]); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Brtrue, slow);
        il.Emit(OpCodes.Ldloca, f.L[d - 1]); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Brtrue, slow);
        il.Emit(OpCodes.Ldloca, f.L[d - 2]); il.Emit(OpCodes.Ldfld, valueBits); il.Emit(OpCodes.Stloc, f.X);
        il.Emit(OpCodes.Ldloca, f.L[d - 1]); il.Emit(OpCodes.Ldfld, valueBits); il.Emit(OpCodes.Stloc, f.Y);
        void InRange()
        {
            il.Emit(OpCodes.Ldloc, f.R); LoadVm(f, vmMin); il.Emit(OpCodes.Blt, slow);
            il.Emit(OpCodes.Ldloc, f.R); LoadVm(f, vmMax); il.Emit(OpCodes.Bgt, slow);
        }
        void Answer()
        {
            il.Emit(OpCodes.Ldloc, f.R); il.Emit(OpCodes.Call, smallInt); il.Emit(OpCodes.Stloc, f.L[d - 2]);
            Next(f, i);
        }
        if (k is 0 or 1 or 14 or 15)
        {
            il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.Y);
            il.Emit(k switch { 0 => OpCodes.Add, 1 => OpCodes.Sub, 14 => OpCodes.And, _ => OpCodes.Or });
            il.Emit(OpCodes.Stloc, f.R);
            if (k is 0 or 1) InRange();
            Answer();
            return;
        }
        if (k is 8 or 9 or 10 or 12 or 13)
        {
            EmitSmallIntegerDivisionOrShift(f, k, slow);
            if (k is not 10) InRange();   // \\ answers a value between 0 and the divisor
            Answer();
            return;
        }
        var falseBranch = k switch { 2 => OpCodes.Bge, 3 => OpCodes.Ble, 4 => OpCodes.Bgt, 5 => OpCodes.Blt, 6 => OpCodes.Bne_Un, _ => OpCodes.Beq };
        if (f.ByPc.TryGetValue(i.NextPc, out var jump) && jump.Op is Op.JumpIfTrue or Op.JumpIfFalse && f.Labels.ContainsKey(jump.Pc))
        {
            // Compare and branch at once, without making a Boolean (the jump stays, for other paths into it).
            var whenFalse = il.Create(OpCodes.Nop);
            il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.Y);
            il.Emit(falseBranch, whenFalse);
            if (jump.Op == Op.JumpIfTrue) GoTo(f, jump.Target, jump.Pc); else Next(f, jump);
            il.Append(whenFalse);
            if (jump.Op == Op.JumpIfFalse) GoTo(f, jump.Target, jump.Pc); else Next(f, jump);
            return;
        }
        var isFalse = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.Y);
        il.Emit(falseBranch, isFalse);
        StoreBoolean(f, isFalse, d - 2);
        Next(f, i);
    }

    /// <summary>
    /// f.R = f.X * / \\ bitShift: // f.Y for SmallInteger operands, as the interpreter's bytecodes
    /// compute them (floored \\ and //, / only when exact); whatever does not fit goes to
    /// <paramref name="slow"/>, the send. Hashing (\\ and bitShift: in every Set and Dictionary)
    /// otherwise paid a send through the primitive for each.
    /// </summary>
    private void EmitSmallIntegerDivisionOrShift(Frame f, int k, Instruction slow)
    {
        var il = f.IL;
        var done = il.Create(OpCodes.Nop);
        switch (k)
        {
            case 8:
                // Factors of 32 bits at most cannot overflow 64; larger ones (61-bit images only) take the send.
                foreach (var v in new[] { f.X, f.Y })
                {
                    il.Emit(OpCodes.Ldloc, v); ShortForms.Int64Constant(il, 1L << 31); il.Emit(OpCodes.Add);
                    ShortForms.Int64Constant(il, uint.MaxValue); il.Emit(OpCodes.Bgt_Un, slow);
                }
                il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Mul); il.Emit(OpCodes.Stloc, f.R);
                break;
            case 9:
                il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Brfalse, slow);
                il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Rem); il.Emit(OpCodes.Brtrue, slow);
                il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Div); il.Emit(OpCodes.Stloc, f.R);
                break;
            case 10:
                il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Brfalse, slow);
                il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Rem); il.Emit(OpCodes.Stloc, f.R);
                il.Emit(OpCodes.Ldloc, f.R); il.Emit(OpCodes.Brfalse, done);
                il.Emit(OpCodes.Ldloc, f.R); il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Xor); ShortForms.Int64Constant(il, 0); il.Emit(OpCodes.Bge, done);
                il.Emit(OpCodes.Ldloc, f.R); il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, f.R);
                break;
            case 13:
                il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Brfalse, slow);
                il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Div); il.Emit(OpCodes.Stloc, f.R);
                il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Rem); il.Emit(OpCodes.Brfalse, done);
                il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Xor); ShortForms.Int64Constant(il, 0); il.Emit(OpCodes.Bge, done);
                il.Emit(OpCodes.Ldloc, f.R); ShortForms.Int64Constant(il, 1); il.Emit(OpCodes.Sub); il.Emit(OpCodes.Stloc, f.R);
                break;
            default:
            {
                // bitShift: left by 0..61 while no bit is lost, right by any amount (63 and more leave the sign).
                var right = il.Create(OpCodes.Nop);
                il.Emit(OpCodes.Ldloc, f.Y); ShortForms.Int64Constant(il, 0); il.Emit(OpCodes.Blt, right);
                il.Emit(OpCodes.Ldloc, f.Y); ShortForms.Int64Constant(il, 62); il.Emit(OpCodes.Bge, slow);
                il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Shl); il.Emit(OpCodes.Stloc, f.R);
                il.Emit(OpCodes.Ldloc, f.R); il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Shr);
                il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Bne_Un, slow);
                il.Emit(OpCodes.Br, done);
                il.Append(right);
                il.Emit(OpCodes.Ldloc, f.Y); il.Emit(OpCodes.Neg); ShortForms.Int64Constant(il, 63); il.Emit(OpCodes.Call, int64Min); il.Emit(OpCodes.Stloc, f.R);
                il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.R); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Shr); il.Emit(OpCodes.Stloc, f.R);
                break;
            }
        }
        il.Append(done);
    }

    /// <summary>L[slot] = true when control falls in here, false when it comes through <paramref name="isFalse"/>.</summary>
    private void StoreBoolean(Frame f, Instruction isFalse, int slot)
    {
        var il = f.IL;
        var store = il.Create(OpCodes.Nop);
        LoadVm(f, vmTrue); il.Emit(OpCodes.Br, store);
        il.Append(isFalse);
        LoadVm(f, vmFalse);
        il.Append(store);
        il.Emit(OpCodes.Stloc, f.L[slot]);
    }

    /// <summary>at: / at:put: on an Array with a SmallInteger index in range, or on a String or ByteArray (a helper); anything else is a send.</summary>
    private void EmitArrayAccess(Frame f, Decoded i, int d, bool put, Instruction slow)
    {
        var il = f.IL;
        var r = put ? d - 3 : d - 2;
        var notArray = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldloca, f.L[r]); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Isinst, pointersObject); il.Emit(OpCodes.Stloc, f.Obj);
        il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Brfalse, notArray);
        il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Ldfld, objectClass); LoadVm(f, vmClassArray); il.Emit(OpCodes.Bne_Un, notArray);
        if (put)
        {
            il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Ldfld, objectFlags);
            il.Emit(OpCodes.Ldc_I4, (int)ObjectFlags.Immutable); il.Emit(OpCodes.And); il.Emit(OpCodes.Brtrue, slow);
        }
        il.Emit(OpCodes.Ldloca, f.L[r + 1]); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Brtrue, slow);
        il.Emit(OpCodes.Ldloca, f.L[r + 1]); il.Emit(OpCodes.Ldfld, valueBits); ShortForms.Int64Constant(il, 1); il.Emit(OpCodes.Sub); il.Emit(OpCodes.Stloc, f.X);
        il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Ldlen); il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Bge_Un, slow);
        il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Ldloc, f.X); il.Emit(OpCodes.Conv_I4);
        if (put)
        {
            il.Emit(OpCodes.Ldloc, f.L[r + 2]); il.Emit(OpCodes.Stelem_Any, valueType);
            il.Emit(OpCodes.Ldloc, f.L[r + 2]); il.Emit(OpCodes.Stloc, f.L[r]);
        }
        else
        {
            il.Emit(OpCodes.Ldelem_Any, valueType); il.Emit(OpCodes.Stloc, f.L[r]);
        }
        Next(f, i);
        // Strings and ByteArrays: one helper call instead of a send.
        il.Append(notArray);
        il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldloc, f.L[r]); il.Emit(OpCodes.Ldloc, f.L[r + 1]);
        if (put)
        {
            il.Emit(OpCodes.Ldloc, f.L[r + 2]); il.Emit(OpCodes.Call, stringAtPut); il.Emit(OpCodes.Brfalse, slow);
            il.Emit(OpCodes.Ldloc, f.L[r + 2]); il.Emit(OpCodes.Stloc, f.L[r]);
        }
        else
        {
            il.Emit(OpCodes.Call, stringAt); il.Emit(OpCodes.Brfalse, slow);
            il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldfld, vmDirectAnswer); il.Emit(OpCodes.Stloc, f.L[r]);
        }
        Next(f, i);
    }
}
