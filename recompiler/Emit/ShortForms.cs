using Mono.Cecil;
using Mono.Cecil.Cil;

namespace ImageAot.Recompiler.Emit;

/// <summary>
/// Turns a static method's long instruction forms into short ones, giving exactly the IL that
/// Cecil's <c>MethodBody.Optimize()</c> gives, in linear time. Cecil recomputes every offset
/// each time it shortens a branch, which is quadratic in the body's size: on Scratch.image it was
/// four fifths of the whole recompile. Integer constants that fit are emitted short already
/// (<see cref="Int64Constant"/>, what Cecil's pass over ldc.i8 did).
/// </summary>
public static class ShortForms
{
    /// <summary>Pushes a long: <c>ldc.i4 v; conv.i8</c> when it fits (Cecil's rule: strictly inside int's range), else <c>ldc.i8</c>.</summary>
    public static void Int64Constant(ILProcessor il, long value)
    {
        if (value < int.MaxValue && value > int.MinValue)
        {
            il.Emit(OpCodes.Ldc_I4, (int)value);
            il.Emit(OpCodes.Conv_I8);
        }
        else il.Emit(OpCodes.Ldc_I8, value);
    }

    public static void Apply(MethodBody body)
    {
        if (body.Method.HasThis) throw new ArgumentException("only static methods (argument numbers are parameter indexes)");
        foreach (var i in body.Instructions) ShortenOperand(i);
        ShortenBranches(body);
    }

    private static void ShortenOperand(Instruction i)
    {
        switch (i.OpCode.Code)
        {
            case Code.Ldarg: Numbered(i, ((ParameterDefinition)i.Operand).Index, OpCodes.Ldarg_0, OpCodes.Ldarg_1, OpCodes.Ldarg_2, OpCodes.Ldarg_3, OpCodes.Ldarg_S); break;
            case Code.Ldloc: Numbered(i, ((VariableDefinition)i.Operand).Index, OpCodes.Ldloc_0, OpCodes.Ldloc_1, OpCodes.Ldloc_2, OpCodes.Ldloc_3, OpCodes.Ldloc_S); break;
            case Code.Stloc: Numbered(i, ((VariableDefinition)i.Operand).Index, OpCodes.Stloc_0, OpCodes.Stloc_1, OpCodes.Stloc_2, OpCodes.Stloc_3, OpCodes.Stloc_S); break;
            case Code.Ldarga: if (((ParameterDefinition)i.Operand).Index < 256) i.OpCode = OpCodes.Ldarga_S; break;
            case Code.Ldloca: if (((VariableDefinition)i.Operand).Index < 256) i.OpCode = OpCodes.Ldloca_S; break;
            case Code.Ldc_I4:
            {
                var v = (int)i.Operand;
                if (v is >= -1 and <= 8)
                {
                    i.OpCode = v switch
                    {
                        -1 => OpCodes.Ldc_I4_M1, 0 => OpCodes.Ldc_I4_0, 1 => OpCodes.Ldc_I4_1, 2 => OpCodes.Ldc_I4_2, 3 => OpCodes.Ldc_I4_3,
                        4 => OpCodes.Ldc_I4_4, 5 => OpCodes.Ldc_I4_5, 6 => OpCodes.Ldc_I4_6, 7 => OpCodes.Ldc_I4_7, _ => OpCodes.Ldc_I4_8,
                    };
                    i.Operand = null;
                }
                else if (v is >= -128 and < 128)
                {
                    i.OpCode = OpCodes.Ldc_I4_S;
                    i.Operand = (sbyte)v;
                }
                break;
            }
        }
    }

    private static void Numbered(Instruction i, int index, OpCode n0, OpCode n1, OpCode n2, OpCode n3, OpCode shortForm)
    {
        if (index < 4)
        {
            i.OpCode = index switch { 0 => n0, 1 => n1, 2 => n2, _ => n3 };
            i.Operand = null;
        }
        else if (index < 256) i.OpCode = shortForm;
    }

    /// <summary>
    /// Cecil decides branch by branch, in order, with the offsets as they are at that moment: the
    /// branches before it already decided, the ones after it still long. Each shortening takes 3
    /// bytes (every long branch is a 1-byte opcode and a 4-byte offset, its short form 1 + 1), so an
    /// instruction's offset then is its offset with everything long minus 3 for each branch
    /// shortened before it; counting those as we go gives the same decisions in one pass.
    /// </summary>
    private static void ShortenBranches(MethodBody body)
    {
        var code = body.Instructions;
        var n = code.Count;
        var longOffset = new int[n + 1];
        for (var k = 0; k < n; k++)
        {
            longOffset[k + 1] = longOffset[k] + code[k].GetSize();
            code[k].Offset = k;                                // for now: its position, to find branch targets
        }
        var shortenedBefore = new int[n + 1];                 // filled up to the branch being decided
        var shortened = 0;
        for (var k = 0; k < n; k++)
        {
            shortenedBefore[k] = shortened;
            var i = code[k];
            if (i.OpCode.OperandType != OperandType.InlineBrTarget) continue;
            var t = ((Instruction)i.Operand).Offset;
            var targetOffset = longOffset[t] - 3 * (t <= k ? shortenedBefore[t] : shortened);
            var distance = targetOffset - (longOffset[k] - 3 * shortened + 5);
            if (distance is < -128 or > 127) continue;
            i.OpCode = ShortBranch(i.OpCode.Code);
            shortened++;
        }
        var offset = 0;
        foreach (var i in code)
        {
            i.Offset = offset;
            offset += i.GetSize();
        }
    }

    private static OpCode ShortBranch(Code code) => code switch
    {
        Code.Br => OpCodes.Br_S,
        Code.Brfalse => OpCodes.Brfalse_S,
        Code.Brtrue => OpCodes.Brtrue_S,
        Code.Beq => OpCodes.Beq_S,
        Code.Bge => OpCodes.Bge_S,
        Code.Bgt => OpCodes.Bgt_S,
        Code.Ble => OpCodes.Ble_S,
        Code.Blt => OpCodes.Blt_S,
        Code.Bne_Un => OpCodes.Bne_Un_S,
        Code.Bge_Un => OpCodes.Bge_Un_S,
        Code.Bgt_Un => OpCodes.Bgt_Un_S,
        Code.Ble_Un => OpCodes.Ble_Un_S,
        Code.Blt_Un => OpCodes.Blt_Un_S,
        Code.Leave => OpCodes.Leave_S,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "not a long branch"),
    };
}
