using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;
using Decoded = ImageAot.Runtime.Bytecodes.Instruction;

namespace ImageAot.Recompiler.Emit;

/// <summary>
/// Emits one method body as IL: <c>static int B_key(ref BodyState state, int pc)</c>. A switch on
/// the entry pc jumps to any instruction; simple instructions run inline on the frame; anything
/// else (sends, returns, blocks, non-Boolean jumps, failed SmallInteger fast paths) exits with
/// its pc so that the interpreter performs it.
/// </summary>
public sealed class BodyEmitter
{
    private readonly ModuleDefinition module;
    private readonly TypeReference valueType, valueArray, pointersObject, sqObject, stateByRef;
    private readonly FieldReference fFrame, fTemps, fRslots, fLits, fReceiver, fSp, fCountdown, fImmutable, fTrue, fFalse, fNil, fMin, fMax, fClassArray, fExit, fExitIndex, fExitArgs, fExitNext;
    private readonly FieldReference valueRef, valueBits, slots, objectClass, objectFlags;
    private readonly MethodReference smallInt;

    public BodyEmitter(ModuleDefinition module)
    {
        this.module = module;
        valueType = module.ImportReference(typeof(Value));
        valueArray = new ArrayType(valueType);
        pointersObject = module.ImportReference(typeof(PointersObject));
        sqObject = module.ImportReference(typeof(SqObject));
        stateByRef = new ByReferenceType(module.ImportReference(typeof(BodyState)));
        FieldReference F(string name) => module.ImportReference(typeof(BodyState).GetField(name)!);
        fFrame = F(nameof(BodyState.Frame)); fTemps = F(nameof(BodyState.Temps)); fRslots = F(nameof(BodyState.ReceiverSlots));
        fLits = F(nameof(BodyState.Literals)); fReceiver = F(nameof(BodyState.Receiver)); fSp = F(nameof(BodyState.Sp));
        fCountdown = F(nameof(BodyState.Countdown)); fImmutable = F(nameof(BodyState.ReceiverImmutable));
        fTrue = F(nameof(BodyState.TrueV)); fFalse = F(nameof(BodyState.FalseV)); fNil = F(nameof(BodyState.NilV));
        fMin = F(nameof(BodyState.MinSmallInt)); fMax = F(nameof(BodyState.MaxSmallInt)); fClassArray = F(nameof(BodyState.ClassArray));
        fExit = F(nameof(BodyState.Exit)); fExitIndex = F(nameof(BodyState.ExitIndex)); fExitArgs = F(nameof(BodyState.ExitArgCount)); fExitNext = F(nameof(BodyState.ExitNextPc));
        objectClass = module.ImportReference(typeof(SqObject).GetField(nameof(SqObject.Class))!);
        objectFlags = module.ImportReference(typeof(SqObject).GetField(nameof(SqObject.Flags))!);
        valueRef = module.ImportReference(typeof(Value).GetField(nameof(Value.Ref))!);
        valueBits = module.ImportReference(typeof(Value).GetField(nameof(Value.Bits))!);
        slots = module.ImportReference(typeof(PointersObject).GetField(nameof(PointersObject.Slots))!);
        smallInt = module.ImportReference(typeof(Value).GetMethod(nameof(Value.SmallInt))!);
    }

    private sealed class Context
    {
        public required ILProcessor IL;
        public required VariableDefinition Frame, Temps, Rslots, Lits, Sp, ExitPc, A, C, X, Y, R, RefTmp, Array;
        public required Dictionary<int, Instruction> Labels;
        public required Dictionary<int, Decoded> ByPc;
        public required Instruction Exit;
    }

    public MethodDefinition Emit(string name, DecodedMethod decoded)
    {
        var method = new MethodDefinition(name, MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, module.TypeSystem.Int32);
        method.Parameters.Add(new ParameterDefinition("state", ParameterAttributes.None, stateByRef));
        method.Parameters.Add(new ParameterDefinition("pc", ParameterAttributes.None, module.TypeSystem.Int32));
        var body = method.Body;
        body.InitLocals = true;
        VariableDefinition Local(TypeReference t) { var v = new VariableDefinition(t); body.Variables.Add(v); return v; }
        var il = body.GetILProcessor();
        var c = new Context
        {
            IL = il,
            Frame = Local(valueArray), Temps = Local(valueArray), Rslots = Local(valueArray), Lits = Local(valueArray),
            Sp = Local(module.TypeSystem.Int32), ExitPc = Local(module.TypeSystem.Int32),
            A = Local(valueType), C = Local(valueType), X = Local(module.TypeSystem.Int64), Y = Local(module.TypeSystem.Int64), R = Local(module.TypeSystem.Int64),
            RefTmp = Local(sqObject), Array = Local(pointersObject),
            Labels = decoded.Instructions.ToDictionary(i => i.Pc, _ => il.Create(OpCodes.Nop)),
            ByPc = decoded.Instructions.ToDictionary(i => i.Pc),
            Exit = il.Create(OpCodes.Ldarg_0),
        };

        LoadState(c);
        // Entry: jump to the instruction at pc; a pc inside an instruction or past the end goes straight back.
        var notAnEntry = il.Create(OpCodes.Ldarg_1);
        var table = new Instruction[decoded.End];
        for (var pc = 0; pc < table.Length; pc++) table[pc] = c.Labels.TryGetValue(pc, out var l) ? l : notAnEntry;
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Switch, table);
        il.Append(notAnEntry);
        il.Emit(OpCodes.Stloc, c.ExitPc);
        il.Emit(OpCodes.Br, c.Exit);

        foreach (var i in decoded.Instructions)
        {
            il.Append(c.Labels[i.Pc]);
            EmitInstruction(c, i);
        }

        il.Append(c.Exit);                       // ldarg.0
        il.Emit(OpCodes.Ldloc, c.Sp);
        il.Emit(OpCodes.Stfld, fSp);
        il.Emit(OpCodes.Ldloc, c.ExitPc);
        il.Emit(OpCodes.Ret);
        return method;
    }

    private void LoadState(Context c)
    {
        var il = c.IL;
        foreach (var (field, local) in new[] { (fFrame, c.Frame), (fTemps, c.Temps), (fRslots, c.Rslots), (fLits, c.Lits), (fSp, c.Sp) })
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, field);
            il.Emit(OpCodes.Stloc, local);
        }
    }

    /// <summary>Stops at a send or return, telling the caller which (so it can do it without decoding).</summary>
    private void ExitWith(Context c, Decoded i, BodyExit kind)
    {
        var il = c.IL;
        foreach (var (field, value) in new[] { (fExit, (int)kind), (fExitIndex, i.Index), (fExitArgs, i.ArgCount), (fExitNext, i.NextPc) })
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, value);
            il.Emit(field == fExit ? OpCodes.Stfld : OpCodes.Stfld, field);
        }
        ExitAt(c, i.Pc);
    }

    private static void ExitAt(Context c, int pc)
    {
        c.IL.Emit(OpCodes.Ldc_I4, pc);
        c.IL.Emit(OpCodes.Stloc, c.ExitPc);
        c.IL.Emit(OpCodes.Br, c.Exit);
    }

    /// <summary>Continue at pc: inline when it is an instruction of this body, else leave to the interpreter there.</summary>
    private void GoTo(Context c, int target, int from)
    {
        if (target <= from)
        {
            // A backward jump counts down to the interpreter's next check for timers and process switches.
            var il = c.IL;
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, fCountdown);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Stfld, fCountdown);
            if (c.Labels.TryGetValue(target, out var back))
            {
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldfld, fCountdown);
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Bgt, back);
            }
            ExitAt(c, target);
            return;
        }
        if (c.Labels.TryGetValue(target, out var label)) c.IL.Emit(OpCodes.Br, label);
        else ExitAt(c, target);
    }

    private void AdjustSp(Context c, int delta)
    {
        c.IL.Emit(OpCodes.Ldloc, c.Sp);
        c.IL.Emit(OpCodes.Ldc_I4, delta);
        c.IL.Emit(OpCodes.Add);
        c.IL.Emit(OpCodes.Stloc, c.Sp);
    }

    /// <summary>frame[++sp] = (value emitted by <paramref name="load"/>).</summary>
    private void Push(Context c, Action load)
    {
        var il = c.IL;
        il.Emit(OpCodes.Ldloc, c.Frame);
        il.Emit(OpCodes.Ldloc, c.Sp);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Stloc, c.Sp);
        load();
        il.Emit(OpCodes.Stelem_Any, valueType);
    }

    private void LoadElement(Context c, VariableDefinition array, int index)
    {
        c.IL.Emit(OpCodes.Ldloc, array);
        c.IL.Emit(OpCodes.Ldc_I4, index);
        c.IL.Emit(OpCodes.Ldelem_Any, valueType);
    }

    /// <summary>Pushes the Slots array of the association in literal <paramref name="index"/>.</summary>
    private void LoadLiteralVariableSlots(Context c, int index)
    {
        var il = c.IL;
        il.Emit(OpCodes.Ldloc, c.Lits);
        il.Emit(OpCodes.Ldc_I4, index);
        il.Emit(OpCodes.Ldelema, valueType);
        il.Emit(OpCodes.Ldfld, valueRef);
        il.Emit(OpCodes.Castclass, pointersObject);
        il.Emit(OpCodes.Ldfld, slots);
    }

    private void LoadTop(Context c)
    {
        c.IL.Emit(OpCodes.Ldloc, c.Frame);
        c.IL.Emit(OpCodes.Ldloc, c.Sp);
        c.IL.Emit(OpCodes.Ldelem_Any, valueType);
    }

    private void EmitInstruction(Context c, Decoded i)
    {
        var il = c.IL;
        switch (i.Op)
        {
            case Op.PushTemp: Push(c, () => LoadElement(c, c.Temps, Layout.CtxTempStart + i.Index)); Next(c, i); return;
            case Op.PushReceiverVariable: Push(c, () => LoadElement(c, c.Rslots, i.Index)); Next(c, i); return;
            case Op.PushLiteralConstant: Push(c, () => LoadElement(c, c.Lits, i.Index)); Next(c, i); return;
            case Op.PushLiteralVariable:
                Push(c, () => { LoadLiteralVariableSlots(c, i.Index); il.Emit(OpCodes.Ldc_I4, Layout.AssocValue); il.Emit(OpCodes.Ldelem_Any, valueType); });
                Next(c, i); return;
            case Op.PushSelf: Push(c, () => { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, fReceiver); }); Next(c, i); return;
            case Op.PushTrue: Push(c, () => { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, fTrue); }); Next(c, i); return;
            case Op.PushFalse: Push(c, () => { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, fFalse); }); Next(c, i); return;
            case Op.PushNil: Push(c, () => { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, fNil); }); Next(c, i); return;
            case Op.PushInteger: Push(c, () => { il.Emit(OpCodes.Ldc_I8, (long)i.Index); il.Emit(OpCodes.Call, smallInt); }); Next(c, i); return;
            case Op.StoreTemp:
                il.Emit(OpCodes.Ldloc, c.Temps);
                il.Emit(OpCodes.Ldc_I4, Layout.CtxTempStart + i.Index);
                LoadTop(c);
                il.Emit(OpCodes.Stelem_Any, valueType);
                if (i.Pop) AdjustSp(c, -1);
                Next(c, i); return;
            case Op.StoreReceiverVariable:
            {
                var ok = il.Create(OpCodes.Nop);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldfld, fImmutable);
                il.Emit(OpCodes.Brfalse, ok);
                ExitAt(c, i.Pc);
                il.Append(ok);
                il.Emit(OpCodes.Ldloc, c.Rslots);
                il.Emit(OpCodes.Ldc_I4, i.Index);
                LoadTop(c);
                il.Emit(OpCodes.Stelem_Any, valueType);
                if (i.Pop) AdjustSp(c, -1);
                Next(c, i); return;
            }
            case Op.StoreLiteralVariable:
                LoadLiteralVariableSlots(c, i.Index);
                il.Emit(OpCodes.Ldc_I4, Layout.AssocValue);
                LoadTop(c);
                il.Emit(OpCodes.Stelem_Any, valueType);
                if (i.Pop) AdjustSp(c, -1);
                Next(c, i); return;
            case Op.Pop: AdjustSp(c, -1); Next(c, i); return;
            case Op.Dup: Push(c, () => { il.Emit(OpCodes.Ldloc, c.Frame); il.Emit(OpCodes.Ldloc, c.Sp); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Sub); il.Emit(OpCodes.Ldelem_Any, valueType); }); Next(c, i); return;
            case Op.Nop: Next(c, i); return;
            case Op.Jump: GoTo(c, i.Target, i.Pc); return;
            case Op.JumpIfTrue: case Op.JumpIfFalse: EmitConditionalJump(c, i); return;
            case Op.SpecialSend when EmitInlineSpecial(c, i): return;
            case Op.SpecialSend: ExitWith(c, i, BodyExit.SpecialSend); return;
            case Op.Send: ExitWith(c, i, BodyExit.Send); return;
            case Op.SuperSend: ExitWith(c, i, BodyExit.SuperSend); return;
            case Op.ReturnTop: ExitWith(c, i, BodyExit.ReturnTop); return;
            case Op.ReturnReceiver: ExitWith(c, i, BodyExit.ReturnReceiver); return;
            case Op.ReturnTrue: ExitWith(c, i, BodyExit.ReturnTrue); return;
            case Op.ReturnFalse: ExitWith(c, i, BodyExit.ReturnFalse); return;
            case Op.ReturnNil: ExitWith(c, i, BodyExit.ReturnNil); return;
            case Op.BlockReturnTop: ExitWith(c, i, BodyExit.BlockReturnTop); return;
            default: ExitAt(c, i.Pc); return;
        }
    }

    private void Next(Context c, Decoded i)
    {
        // Falling through reaches the next instruction's label when it is the next one emitted; otherwise leave.
        if (!c.Labels.ContainsKey(i.NextPc)) ExitAt(c, i.NextPc);
        else c.IL.Emit(OpCodes.Br, c.Labels[i.NextPc]);
    }

    private void EmitConditionalJump(Context c, Decoded i)
    {
        var il = c.IL;
        var isTrue = il.Create(OpCodes.Nop);
        var isFalse = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldloc, c.Frame);
        il.Emit(OpCodes.Ldloc, c.Sp);
        il.Emit(OpCodes.Ldelema, valueType);
        il.Emit(OpCodes.Ldfld, valueRef);
        il.Emit(OpCodes.Stloc, c.RefTmp);
        foreach (var (field, label) in new[] { (fTrue, isTrue), (fFalse, isFalse) })
        {
            il.Emit(OpCodes.Ldloc, c.RefTmp);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldflda, field);
            il.Emit(OpCodes.Ldfld, valueRef);
            il.Emit(OpCodes.Beq, label);
        }
        ExitAt(c, i.Pc);    // not a Boolean: the interpreter sends mustBeBoolean
        il.Append(isTrue);
        AdjustSp(c, -1);
        if (i.Op == Op.JumpIfTrue) GoTo(c, i.Target, i.Pc); else Next(c, i);
        il.Append(isFalse);
        AdjustSp(c, -1);
        if (i.Op == Op.JumpIfFalse) GoTo(c, i.Target, i.Pc); else Next(c, i);
    }

    /// <summary>at: / at:put: on an instance of Array with a SmallInteger index in range, inline; else leave to the interpreter.</summary>
    private void EmitArrayAccess(Context c, Decoded i, bool put)
    {
        var il = c.IL;
        var exit = il.Create(OpCodes.Nop);
        var depth = put ? 2 : 1;
        // receiver := frame[sp - depth] as PointersObject whose class is Array
        il.Emit(OpCodes.Ldloc, c.Frame); il.Emit(OpCodes.Ldloc, c.Sp); il.Emit(OpCodes.Ldc_I4, depth); il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Ldelema, valueType); il.Emit(OpCodes.Ldfld, valueRef);
        il.Emit(OpCodes.Isinst, pointersObject); il.Emit(OpCodes.Dup); il.Emit(OpCodes.Stloc, c.Array);
        il.Emit(OpCodes.Brfalse, exit);
        il.Emit(OpCodes.Ldloc, c.Array); il.Emit(OpCodes.Ldfld, objectClass);
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, fClassArray);
        il.Emit(OpCodes.Bne_Un, exit);
        if (put)
        {
            // Immutable receivers go the slow way (the primitive fails for them).
            il.Emit(OpCodes.Ldloc, c.Array); il.Emit(OpCodes.Ldfld, objectFlags);
            il.Emit(OpCodes.Ldc_I4, (int)ObjectFlags.Immutable); il.Emit(OpCodes.And); il.Emit(OpCodes.Brtrue, exit);
        }
        // index := frame[sp - depth + 1], a SmallInteger with 1 <= index <= size
        il.Emit(OpCodes.Ldloc, c.Frame); il.Emit(OpCodes.Ldloc, c.Sp); il.Emit(OpCodes.Ldc_I4, depth - 1); il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Ldelem_Any, valueType); il.Emit(OpCodes.Stloc, c.A);
        il.Emit(OpCodes.Ldloca, c.A); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Brtrue, exit);
        il.Emit(OpCodes.Ldloca, c.A); il.Emit(OpCodes.Ldfld, valueBits); il.Emit(OpCodes.Ldc_I8, 1L); il.Emit(OpCodes.Sub); il.Emit(OpCodes.Stloc, c.X);
        il.Emit(OpCodes.Ldloc, c.X); il.Emit(OpCodes.Ldloc, c.Array); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Ldlen); il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Bge_Un, exit);
        if (put)
        {
            // array.Slots[index - 1] := value; then the value replaces receiver, index and value on the stack
            il.Emit(OpCodes.Ldloc, c.Array); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Ldloc, c.X); il.Emit(OpCodes.Conv_I4);
            LoadTop(c); il.Emit(OpCodes.Stelem_Any, valueType);
            il.Emit(OpCodes.Ldloc, c.Frame); il.Emit(OpCodes.Ldloc, c.Sp); il.Emit(OpCodes.Ldc_I4_2); il.Emit(OpCodes.Sub);
            LoadTop(c); il.Emit(OpCodes.Stelem_Any, valueType);
            AdjustSp(c, -2);
        }
        else
        {
            il.Emit(OpCodes.Ldloc, c.Frame); il.Emit(OpCodes.Ldloc, c.Sp); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Ldloc, c.Array); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Ldloc, c.X); il.Emit(OpCodes.Conv_I4);
            il.Emit(OpCodes.Ldelem_Any, valueType);
            il.Emit(OpCodes.Stelem_Any, valueType);
            AdjustSp(c, -1);
        }
        Next(c, i);
        il.Append(exit);
        ExitWith(c, i, BodyExit.SpecialSend);
    }

    /// <summary>SmallInteger + - &lt; &gt; &lt;= &gt;= = ~= bitAnd: bitOr: and ==, inline; false when the selector is not one of these.</summary>
    private bool EmitInlineSpecial(Context c, Decoded i)
    {
        var k = i.Index;
        if (k is 16 or 17) { EmitArrayAccess(c, i, k == 17); return true; }
        if (k is not (<= 7 or 14 or 15 or 22)) return false;
        var il = c.IL;
        // a := frame[sp - 1]; c := frame[sp]
        il.Emit(OpCodes.Ldloc, c.Frame); il.Emit(OpCodes.Ldloc, c.Sp); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Ldelem_Any, valueType); il.Emit(OpCodes.Stloc, c.A);
        LoadTop(c); il.Emit(OpCodes.Stloc, c.C);
        if (k == 22)
        {
            var notSame = il.Create(OpCodes.Nop);
            var store = il.Create(OpCodes.Nop);
            AdjustSp(c, -1);
            il.Emit(OpCodes.Ldloc, c.Frame); il.Emit(OpCodes.Ldloc, c.Sp);
            il.Emit(OpCodes.Ldloca, c.A); il.Emit(OpCodes.Ldfld, valueRef);
            il.Emit(OpCodes.Ldloca, c.C); il.Emit(OpCodes.Ldfld, valueRef);
            il.Emit(OpCodes.Bne_Un, notSame);
            il.Emit(OpCodes.Ldloca, c.A); il.Emit(OpCodes.Ldfld, valueBits);
            il.Emit(OpCodes.Ldloca, c.C); il.Emit(OpCodes.Ldfld, valueBits);
            il.Emit(OpCodes.Bne_Un, notSame);
            il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, fTrue); il.Emit(OpCodes.Br, store);
            il.Append(notSame);
            il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, fFalse);
            il.Append(store);
            il.Emit(OpCodes.Stelem_Any, valueType);
            Next(c, i);
            return true;
        }
        var exit = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldloca, c.A); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Brtrue, exit);
        il.Emit(OpCodes.Ldloca, c.C); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Brtrue, exit);
        il.Emit(OpCodes.Ldloca, c.A); il.Emit(OpCodes.Ldfld, valueBits); il.Emit(OpCodes.Stloc, c.X);
        il.Emit(OpCodes.Ldloca, c.C); il.Emit(OpCodes.Ldfld, valueBits); il.Emit(OpCodes.Stloc, c.Y);
        if (k is 0 or 1 or 14 or 15)
        {
            il.Emit(OpCodes.Ldloc, c.X); il.Emit(OpCodes.Ldloc, c.Y);
            il.Emit(k switch { 0 => OpCodes.Add, 1 => OpCodes.Sub, 14 => OpCodes.And, _ => OpCodes.Or });
            il.Emit(OpCodes.Stloc, c.R);
            if (k is 0 or 1)
            {
                il.Emit(OpCodes.Ldloc, c.R); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, fMin); il.Emit(OpCodes.Blt, exit);
                il.Emit(OpCodes.Ldloc, c.R); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, fMax); il.Emit(OpCodes.Bgt, exit);
            }
            AdjustSp(c, -1);
            il.Emit(OpCodes.Ldloc, c.Frame); il.Emit(OpCodes.Ldloc, c.Sp);
            il.Emit(OpCodes.Ldloc, c.R); il.Emit(OpCodes.Call, smallInt);
            il.Emit(OpCodes.Stelem_Any, valueType);
            Next(c, i);
        }
        else
        {
            var falseBranch = k switch { 2 => OpCodes.Bge, 3 => OpCodes.Ble, 4 => OpCodes.Bgt, 5 => OpCodes.Blt, 6 => OpCodes.Bne_Un, _ => OpCodes.Beq };
            if (c.ByPc.TryGetValue(i.NextPc, out var jump) && jump.Op is Op.JumpIfTrue or Op.JumpIfFalse)
            {
                // Compare and branch at once: no Boolean is made (the jump instruction stays, for other paths into it).
                var whenFalse = il.Create(OpCodes.Nop);
                AdjustSp(c, -2);
                il.Emit(OpCodes.Ldloc, c.X); il.Emit(OpCodes.Ldloc, c.Y);
                il.Emit(falseBranch, whenFalse);
                if (jump.Op == Op.JumpIfTrue) GoTo(c, jump.Target, jump.Pc); else Next(c, jump);
                il.Append(whenFalse);
                if (jump.Op == Op.JumpIfFalse) GoTo(c, jump.Target, jump.Pc); else Next(c, jump);
                il.Append(exit);
                ExitWith(c, i, BodyExit.SpecialSend);
                return true;
            }
            // Comparisons: branch on the opposite condition to the false case.
            var isFalse = il.Create(OpCodes.Nop);
            var store = il.Create(OpCodes.Nop);
            AdjustSp(c, -1);
            il.Emit(OpCodes.Ldloc, c.Frame); il.Emit(OpCodes.Ldloc, c.Sp);
            il.Emit(OpCodes.Ldloc, c.X); il.Emit(OpCodes.Ldloc, c.Y);
            il.Emit(falseBranch, isFalse);
            il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, fTrue); il.Emit(OpCodes.Br, store);
            il.Append(isFalse);
            il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, fFalse);
            il.Append(store);
            il.Emit(OpCodes.Stelem_Any, valueType);
            Next(c, i);
        }
        il.Append(exit);
        ExitWith(c, i, BodyExit.SpecialSend);
        return true;
    }
}
