namespace ImageAot.Runtime.Bytecodes;

/// <summary>
/// Decodes one instruction at a pc in any of the three bytecode sets. The Blue Book and
/// V3PlusClosures sets share one table (the closure bytecodes 138–143 are unused in 6502 images);
/// SistaV1 has its own, with extension prefixes folded into the instruction they extend.
/// </summary>
public static class BytecodeDecoder
{
    /// <summary>Special selector index of blockCopy: (Blue Book blocks).</summary>
    public const int BlockCopySpecialIndex = 24;

    public static Instruction Decode(byte[] code, int pc, BytecodeSet set) =>
        set == BytecodeSet.SistaV1 ? DecodeSista(code, pc) : DecodeV3(code, pc, set == BytecodeSet.V3PlusClosures);

    private static int At(byte[] code, int i) => i < code.Length ? code[i] : throw new DecodeException($"instruction at {i} runs past the end of the bytecodes");

    private static Instruction DecodeV3(byte[] code, int pc, bool closures)
    {
        int b = At(code, pc);
        switch (b)
        {
            case <= 15: return new(pc, 1, Op.PushReceiverVariable, b & 15);
            case <= 31: return new(pc, 1, Op.PushTemp, b & 15);
            case <= 63: return new(pc, 1, Op.PushLiteralConstant, b & 31);
            case <= 95: return new(pc, 1, Op.PushLiteralVariable, b & 31);
            case <= 103: return new(pc, 1, Op.StoreReceiverVariable, b & 7, Pop: true);
            case <= 111: return new(pc, 1, Op.StoreTemp, b & 7, Pop: true);
            case 112: return new(pc, 1, Op.PushSelf);
            case 113: return new(pc, 1, Op.PushTrue);
            case 114: return new(pc, 1, Op.PushFalse);
            case 115: return new(pc, 1, Op.PushNil);
            case <= 119: return new(pc, 1, Op.PushInteger, b - 117);
            case 120: return new(pc, 1, Op.ReturnReceiver);
            case 121: return new(pc, 1, Op.ReturnTrue);
            case 122: return new(pc, 1, Op.ReturnFalse);
            case 123: return new(pc, 1, Op.ReturnNil);
            case 124: return new(pc, 1, Op.ReturnTop);
            case 125: return new(pc, 1, Op.BlockReturnTop);
            case 128:
            {
                int e = At(code, pc + 1), i = e & 63;
                var op = (e >> 6) switch { 0 => Op.PushReceiverVariable, 1 => Op.PushTemp, 2 => Op.PushLiteralConstant, _ => Op.PushLiteralVariable };
                return new(pc, 2, op, i);
            }
            case 129: case 130:
            {
                int e = At(code, pc + 1), i = e & 63;
                var op = (e >> 6) switch { 0 => Op.StoreReceiverVariable, 1 => Op.StoreTemp, 2 => Op.Unknown, _ => Op.StoreLiteralVariable };
                return new(pc, 2, op, i, Pop: b == 130);
            }
            case 131:
            {
                int e = At(code, pc + 1);
                return new(pc, 2, Op.Send, e & 31, e >> 5);
            }
            case 132:
            {
                int e = At(code, pc + 1), x = At(code, pc + 2);
                return (e >> 5) switch
                {
                    0 => new(pc, 3, Op.Send, x, e & 31),
                    1 => new(pc, 3, Op.SuperSend, x, e & 31),
                    2 => new(pc, 3, Op.PushReceiverVariable, x),
                    3 => new(pc, 3, Op.PushLiteralConstant, x),
                    4 => new(pc, 3, Op.PushLiteralVariable, x),
                    5 => new(pc, 3, Op.StoreReceiverVariable, x),
                    6 => new(pc, 3, Op.StoreReceiverVariable, x, Pop: true),
                    _ => new(pc, 3, Op.StoreLiteralVariable, x),
                };
            }
            case 133:
            {
                int e = At(code, pc + 1);
                return new(pc, 2, Op.SuperSend, e & 31, e >> 5);
            }
            case 134:
            {
                int e = At(code, pc + 1);
                return new(pc, 2, Op.Send, e & 63, e >> 6);
            }
            case 135: return new(pc, 1, Op.Pop);
            case 136: return new(pc, 1, Op.Dup);
            case 137: return new(pc, 1, Op.PushThisContext);
            case 138 when closures:
            {
                int e = At(code, pc + 1);
                return new(pc, 2, Op.PushNewArray, ArgCount: e & 127, Pop: e >= 128);
            }
            case 139 when closures: return new(pc, 3, Op.CallPrimitive, At(code, pc + 1) | (At(code, pc + 2) << 8));
            case 140 when closures: return new(pc, 3, Op.PushRemoteTemp, At(code, pc + 1), Extra: At(code, pc + 2));
            case 141 when closures: return new(pc, 3, Op.StoreRemoteTemp, At(code, pc + 1), Extra: At(code, pc + 2));
            case 142 when closures: return new(pc, 3, Op.StoreRemoteTemp, At(code, pc + 1), Extra: At(code, pc + 2), Pop: true);
            case 143 when closures:
            {
                int e = At(code, pc + 1), size = (At(code, pc + 2) << 8) | At(code, pc + 3);
                return new(pc, 4, Op.PushClosure, ArgCount: e & 15, Extra: e >> 4, Target: pc + 4 + size);
            }
            case >= 144 and <= 151: return new(pc, 1, Op.Jump, Target: pc + 1 + (b - 143));
            case >= 152 and <= 159: return new(pc, 1, Op.JumpIfFalse, Target: pc + 1 + (b - 151));
            case >= 160 and <= 167: return new(pc, 2, Op.Jump, Target: pc + 2 + ((b - 164) << 8) + At(code, pc + 1));
            case >= 168 and <= 171: return new(pc, 2, Op.JumpIfTrue, Target: pc + 2 + ((b & 3) << 8) + At(code, pc + 1));
            case >= 172 and <= 175: return new(pc, 2, Op.JumpIfFalse, Target: pc + 2 + ((b & 3) << 8) + At(code, pc + 1));
            case >= 176 and <= 207: return new(pc, 1, Op.SpecialSend, b - 176);
            case >= 208 and <= 223: return new(pc, 1, Op.Send, b & 15, 0);
            case >= 224 and <= 239: return new(pc, 1, Op.Send, b & 15, 1);
            case >= 240: return new(pc, 1, Op.Send, b & 15, 2);
            default: return new(pc, 1, Op.Unknown, b);
        }
    }

    private static Instruction DecodeSista(byte[] code, int start)
    {
        int pc = start, extA = 0, extB = 0;
        while (true)
        {
            int b = At(code, pc);
            if (b == 0xE0) { extA = (extA << 8) + At(code, pc + 1); pc += 2; continue; }
            if (b == 0xE1) { int x = At(code, pc + 1); extB = extB == 0 && x > 127 ? x - 256 : (extB << 8) + x; pc += 2; continue; }
            var i = DecodeSistaCore(code, pc, b, extA, extB);
            return i with { Pc = start, Length = i.Length + (pc - start), Target = i.Target };
        }
    }

    private static Instruction DecodeSistaCore(byte[] code, int pc, int b, int extA, int extB)
    {
        switch (b)
        {
            case <= 0x0F: return new(pc, 1, Op.PushReceiverVariable, b);
            case <= 0x1F: return new(pc, 1, Op.PushLiteralVariable, b & 15);
            case <= 0x3F: return new(pc, 1, Op.PushLiteralConstant, b & 31);
            case <= 0x47: return new(pc, 1, Op.PushTemp, b & 7);
            case <= 0x4B: return new(pc, 1, Op.PushTemp, 8 + (b & 3));
            case 0x4C: return new(pc, 1, Op.PushSelf);
            case 0x4D: return new(pc, 1, Op.PushTrue);
            case 0x4E: return new(pc, 1, Op.PushFalse);
            case 0x4F: return new(pc, 1, Op.PushNil);
            case 0x50: return new(pc, 1, Op.PushInteger, 0);
            case 0x51: return new(pc, 1, Op.PushInteger, 1);
            case 0x52: return new(pc, 1, Op.PushThisContext);
            case 0x53: return new(pc, 1, Op.Dup);
            case 0x58: return new(pc, 1, Op.ReturnReceiver);
            case 0x59: return new(pc, 1, Op.ReturnTrue);
            case 0x5A: return new(pc, 1, Op.ReturnFalse);
            case 0x5B: return new(pc, 1, Op.ReturnNil);
            case 0x5C: return new(pc, 1, Op.ReturnTop);
            case 0x5D: return new(pc, 1, Op.BlockReturnNil);
            case 0x5E: return new(pc, 1, Op.BlockReturnTop);
            case 0x5F: return new(pc, 1, Op.Nop);
            case >= 0x60 and <= 0x7F: return new(pc, 1, Op.SpecialSend, b - 0x60);
            case >= 0x80 and <= 0x8F: return new(pc, 1, Op.Send, b & 15, 0);
            case >= 0x90 and <= 0x9F: return new(pc, 1, Op.Send, b & 15, 1);
            case >= 0xA0 and <= 0xAF: return new(pc, 1, Op.Send, b & 15, 2);
            case >= 0xB0 and <= 0xB7: return new(pc, 1, Op.Jump, Target: pc + 1 + (b & 7) + 1);
            case >= 0xB8 and <= 0xBF: return new(pc, 1, Op.JumpIfTrue, Target: pc + 1 + (b & 7) + 1);
            case >= 0xC0 and <= 0xC7: return new(pc, 1, Op.JumpIfFalse, Target: pc + 1 + (b & 7) + 1);
            case >= 0xC8 and <= 0xCF: return new(pc, 1, Op.StoreReceiverVariable, b & 7, Pop: true);
            case >= 0xD0 and <= 0xD7: return new(pc, 1, Op.StoreTemp, b & 7, Pop: true);
            case 0xD8: return new(pc, 1, Op.Pop);
            case 0xE2: return new(pc, 2, Op.PushReceiverVariable, At(code, pc + 1) + (extA << 8));
            case 0xE3: return new(pc, 2, Op.PushLiteralVariable, At(code, pc + 1) + (extA << 8));
            case 0xE4: return new(pc, 2, Op.PushLiteralConstant, At(code, pc + 1) + (extA << 8));
            case 0xE5: return new(pc, 2, Op.PushTemp, At(code, pc + 1));
            case 0xE7: { int e = At(code, pc + 1); return new(pc, 2, Op.PushNewArray, ArgCount: e & 127, Pop: e >= 128); }
            case 0xE8: return new(pc, 2, Op.PushInteger, At(code, pc + 1) + (extB << 8));
            case 0xE9: return new(pc, 2, Op.PushCharacter, At(code, pc + 1) + (extB << 8));
            case 0xEA: { int x = At(code, pc + 1); return new(pc, 2, Op.Send, (x >> 3) + (extA << 5), (x & 7) + (extB << 3)); }
            case 0xEB:
            {
                int x = At(code, pc + 1);
                return extB >= 64
                    ? new(pc, 2, Op.DirectedSuperSend, (x >> 3) + (extA << 5), (x & 7) + ((extB & 63) << 3))
                    : new(pc, 2, Op.SuperSend, (x >> 3) + (extA << 5), (x & 7) + (extB << 3));
            }
            case 0xED: return new(pc, 2, Op.Jump, Target: pc + 2 + At(code, pc + 1) + (extB << 8));
            case 0xEE: return new(pc, 2, Op.JumpIfTrue, Target: pc + 2 + At(code, pc + 1) + (extB << 8));
            case 0xEF: return new(pc, 2, Op.JumpIfFalse, Target: pc + 2 + At(code, pc + 1) + (extB << 8));
            case 0xF0: return new(pc, 2, Op.StoreReceiverVariable, At(code, pc + 1) + (extA << 8), Pop: true);
            case 0xF1: return new(pc, 2, Op.StoreLiteralVariable, At(code, pc + 1) + (extA << 8), Pop: true);
            case 0xF2: return new(pc, 2, Op.StoreTemp, At(code, pc + 1), Pop: true);
            case 0xF3: return new(pc, 2, Op.StoreReceiverVariable, At(code, pc + 1) + (extA << 8));
            case 0xF4: return new(pc, 2, Op.StoreLiteralVariable, At(code, pc + 1) + (extA << 8));
            case 0xF5: return new(pc, 2, Op.StoreTemp, At(code, pc + 1));
            case 0xF8: return new(pc, 3, Op.CallPrimitive, At(code, pc + 1) | (At(code, pc + 2) << 8));
            case 0xF9:
            {
                int lit = At(code, pc + 1) + (extA << 8), flags = At(code, pc + 2);
                return new(pc, 3, Op.PushFullClosure, lit, Extra: flags & 63, ArgCount: flags >> 6);
            }
            case 0xFA:
            {
                int x = At(code, pc + 1), y = At(code, pc + 2);
                int numArgs = (x & 7) + (extA & 15) * 8, numCopied = ((x >> 3) & 7) + (extA >> 4) * 8, size = y + (extB << 8);
                return new(pc, 3, Op.PushClosure, ArgCount: numArgs, Extra: numCopied, Target: pc + 3 + size);
            }
            case 0xFB: return new(pc, 3, Op.PushRemoteTemp, At(code, pc + 1), Extra: At(code, pc + 2));
            case 0xFC: return new(pc, 3, Op.StoreRemoteTemp, At(code, pc + 1), Extra: At(code, pc + 2));
            case 0xFD: return new(pc, 3, Op.StoreRemoteTemp, At(code, pc + 1), Extra: At(code, pc + 2), Pop: true);
            default: return new(pc, 1, Op.Unknown, b);
        }
    }
}

/// <summary>Bytecodes that cannot be decoded (truncated instruction, jump outside the method).</summary>
public sealed class DecodeException(string message) : Exception(message);
