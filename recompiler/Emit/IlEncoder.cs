using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Mono.Cecil;
using TypeReference = Mono.Cecil.TypeReference;
using MemberReference = Mono.Cecil.MemberReference;
using Mono.Cecil.Cil;

namespace ImageAot.Recompiler.Emit;

/// <summary>
/// Turns a Cecil method body into its bytes in the assembly's IL stream at once, so that the
/// instruction objects can go (holding every body's instructions until one big write was what
/// made recompiling Scratch.image take 1.8 GB). The header and code are what Cecil would write:
/// the same max stack (computed the same way), tiny or fat header by the same rule.
/// </summary>
internal static class IlEncoder
{
    public static int Encode(MethodBody body, MethodBodyStreamEncoder bodies, MetadataReferences refs)
    {
        var code = body.Instructions;
        var size = 0;
        foreach (var i in code)
        {
            i.Offset = size;
            size += i.GetSize();
        }
        var locals = body.Variables.Count > 0 ? refs.Locals(body.Variables) : default;
        var encoded = bodies.AddMethodBody(size, MaxStack(body), 0, false, locals,
            body.InitLocals ? MethodBodyAttributes.InitLocals : MethodBodyAttributes.None);
        var w = new BlobWriter(encoded.Instructions);
        foreach (var i in code) Write(ref w, i, refs);
        if (w.RemainingBytes != 0) throw new InvalidOperationException($"{body.Method.Name}: {w.RemainingBytes} bytes of IL left unwritten");
        return encoded.Offset;
    }

    private static void Write(ref BlobWriter w, Instruction i, MetadataReferences refs)
    {
        var op = i.OpCode;
        if (op.Size == 1) w.WriteByte(op.Op2);
        else { w.WriteByte(op.Op1); w.WriteByte(op.Op2); }
        var end = i.Offset + i.GetSize();
        switch (op.OperandType)
        {
            case OperandType.InlineNone: break;
            case OperandType.ShortInlineBrTarget: w.WriteSByte(checked((sbyte)(((Instruction)i.Operand).Offset - end))); break;
            case OperandType.InlineBrTarget: w.WriteInt32(((Instruction)i.Operand).Offset - end); break;
            case OperandType.InlineSwitch:
            {
                var targets = (Instruction[])i.Operand;
                w.WriteInt32(targets.Length);
                foreach (var target in targets) w.WriteInt32(target.Offset - end);
                break;
            }
            case OperandType.ShortInlineI:
                if (op.Code == Code.Ldc_I4_S) w.WriteSByte((sbyte)i.Operand); else w.WriteByte((byte)i.Operand);
                break;
            case OperandType.InlineI: w.WriteInt32((int)i.Operand); break;
            case OperandType.InlineI8: w.WriteInt64((long)i.Operand); break;
            case OperandType.ShortInlineR: w.WriteSingle((float)i.Operand); break;
            case OperandType.InlineR: w.WriteDouble((double)i.Operand); break;
            case OperandType.ShortInlineVar: w.WriteByte(checked((byte)((VariableDefinition)i.Operand).Index)); break;
            case OperandType.InlineVar: w.WriteUInt16(checked((ushort)((VariableDefinition)i.Operand).Index)); break;
            case OperandType.ShortInlineArg: w.WriteByte(checked((byte)Argument(i))); break;
            case OperandType.InlineArg: w.WriteUInt16(checked((ushort)Argument(i))); break;
            case OperandType.InlineField or OperandType.InlineMethod:
                w.WriteInt32(MetadataTokens.GetToken(refs.Member((MemberReference)i.Operand)));
                break;
            case OperandType.InlineType: w.WriteInt32(MetadataTokens.GetToken(refs.Type((TypeReference)i.Operand))); break;
            case OperandType.InlineTok:
                w.WriteInt32(MetadataTokens.GetToken(i.Operand is TypeReference t ? refs.Type(t) : refs.Member((MemberReference)i.Operand)));
                break;
            case OperandType.InlineSig: w.WriteInt32(MetadataTokens.GetToken(refs.CallSite((Mono.Cecil.CallSite)i.Operand))); break;
            default: throw new NotSupportedException($"operand of {op}");
        }
    }

    /// <summary>The argument number: bodies are static, so it is the parameter's index.</summary>
    private static int Argument(Instruction i)
    {
        var p = (ParameterDefinition)i.Operand;
        return p.Index;
    }

    /// <summary>
    /// The deepest the evaluation stack gets, walking the code in order as Cecil does: a branch
    /// target starts with the deepest stack any branch to it had, and after an unconditional
    /// branch, a return or a throw the stack is empty.
    /// </summary>
    private static int MaxStack(MethodBody body)
    {
        Dictionary<Instruction, int>? atTarget = null;
        int stack = 0, max = 0;
        foreach (var i in body.Instructions)
        {
            if (atTarget is not null && atTarget.TryGetValue(i, out var s)) stack = s;
            max = Math.Max(max, stack);
            stack = Delta(i, stack);
            max = Math.Max(max, stack);
            switch (i.Operand)
            {
                case Instruction target: Branch(target, stack); break;
                case Instruction[] targets: foreach (var target in targets) Branch(target, stack); break;
            }
            if (i.OpCode.FlowControl is FlowControl.Branch or FlowControl.Return or FlowControl.Throw) stack = 0;
        }
        return max;

        void Branch(Instruction target, int depth)
        {
            atTarget ??= new Dictionary<Instruction, int>(ReferenceEqualityComparer.Instance);
            atTarget[target] = atTarget.TryGetValue(target, out var had) ? Math.Max(had, depth) : depth;
        }
    }

    private static int Delta(Instruction i, int stack)
    {
        var op = i.OpCode;
        if (op.FlowControl == FlowControl.Call)
        {
            var m = (IMethodSignature)i.Operand;
            if (m.HasThis && op.Code != Code.Newobj) stack--;
            stack -= m.Parameters.Count;
            if (op.Code == Code.Calli) stack--;
            if (m.ReturnType.MetadataType != MetadataType.Void || op.Code == Code.Newobj) stack++;
            return stack;
        }
        stack -= op.StackBehaviourPop switch
        {
            StackBehaviour.Pop0 or StackBehaviour.Varpop => 0,
            StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
            StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8
                or StackBehaviour.Popi_popr4 or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
            StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8 or StackBehaviour.Popref_popi_popr4
                or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref => 3,
            StackBehaviour.PopAll => stack,
            var b => throw new NotSupportedException($"pop behaviour {b}"),
        };
        stack += op.StackBehaviourPush switch
        {
            StackBehaviour.Push0 => 0,
            StackBehaviour.Push1 or StackBehaviour.Pushi or StackBehaviour.Pushi8 or StackBehaviour.Pushr4 or StackBehaviour.Pushr8 or StackBehaviour.Pushref => 1,
            StackBehaviour.Push1_push1 => 2,
            var b => throw new NotSupportedException($"push behaviour {b}"),
        };
        return stack;
    }
}
