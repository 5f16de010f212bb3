using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Bytecodes;

/// <summary>
/// Decodes a whole method by following its control flow from pc 0: through jumps, into every
/// block body (closures, and Blue Book blocks after blockCopy:), so that trailer bytes after
/// the last instruction are never mistaken for code. Also finds the pcs where execution can
/// resume: method and block starts, jump targets and every pc after a send.
/// </summary>
public sealed class DecodedMethod
{
    public required BytecodeSet Set { get; init; }
    /// <summary>Reachable instructions in pc order.</summary>
    public required IReadOnlyList<Instruction> Instructions { get; init; }
    /// <summary>First pc after the last reachable instruction: where the trailer begins.</summary>
    public required int End { get; init; }
    /// <summary>Starts of block bodies inside this method.</summary>
    public required IReadOnlyList<int> BlockStarts { get; init; }
    /// <summary>Pcs where an activation can be entered or resumed.</summary>
    public required IReadOnlyList<int> EntryPoints { get; init; }

    public static BytecodeSet SetOf(CompiledMethodObject m, ImageFormat format)
    {
        var header = new MethodHeader(m.Header.SmallIntValue, format.IsSpur);
        if (header.UsesSistaV1) return BytecodeSet.SistaV1;
        return format.HasClosures ? BytecodeSet.V3PlusClosures : BytecodeSet.BlueBook;
    }

    /// <summary>
    /// A SistaV1 CompiledBlock (a full block's code): its last literal is the code it was written
    /// in, where a method's is its class binding. Part of the content key's literal shape, so
    /// every method sharing a body agrees on it.
    /// </summary>
    public static bool IsCompiledBlock(CompiledMethodObject m, ImageFormat format) =>
        SetOf(m, format) == BytecodeSet.SistaV1 && m.Literals.Length > 0 && m.Literals[^1].Ref is CompiledMethodObject;

    public static DecodedMethod Decode(CompiledMethodObject m, ImageFormat format)
    {
        var set = SetOf(m, format);
        // Quick methods (answer self, a constant or an instance variable) are never run as bytecodes: they have none, only a trailer.
        if (IsQuick(m, format)) return new DecodedMethod { Set = set, Instructions = [], End = 0, BlockStarts = [], EntryPoints = [] };
        return Decode(m.Bytes, set);
    }

    public static bool IsQuick(CompiledMethodObject m, ImageFormat format)
    {
        var prim = new MethodHeader(m.Header.SmallIntValue, format.IsSpur).PrimitiveIndex(m.Bytes);
        return prim is >= 256 and <= 519;
    }

    public static DecodedMethod Decode(byte[] code, BytecodeSet set)
    {
        var found = new SortedDictionary<int, Instruction>();
        var blockStarts = new SortedSet<int>();
        var entries = new SortedSet<int> { 0 };
        var work = new Stack<int>();
        work.Push(0);
        while (work.Count > 0)
        {
            var pc = work.Pop();
            while (!found.ContainsKey(pc))
            {
                if (pc < 0 || pc >= code.Length) throw new DecodeException($"control reaches pc {pc}, outside the {code.Length} bytecodes");
                var i = BytecodeDecoder.Decode(code, pc, set);
                if (i.Op == Op.Unknown) throw new DecodeException($"unknown bytecode {i.Index} at pc {pc}");
                found[pc] = i;
                if (i.IsJump) { entries.Add(i.Target); work.Push(i.Target); }
                if (i.IsSend) entries.Add(i.NextPc);
                if (i.Op == Op.PushClosure)
                {
                    blockStarts.Add(i.NextPc);
                    entries.Add(i.NextPc);
                    work.Push(i.NextPc);
                    entries.Add(i.Target);
                    work.Push(i.Target);
                    break;
                }
                // Blue Book: blockCopy: is followed by a jump over the block, whose body starts after that jump.
                if (set == BytecodeSet.BlueBook && i.Op == Op.SpecialSend && i.Index == BytecodeDecoder.BlockCopySpecialIndex
                    && i.NextPc < code.Length)
                {
                    var jump = BytecodeDecoder.Decode(code, i.NextPc, set);
                    if (jump.Op == Op.Jump) { blockStarts.Add(jump.NextPc); entries.Add(jump.NextPc); work.Push(jump.NextPc); }
                }
                if (i.EndsFlow) break;
                pc = i.NextPc;
            }
        }
        var list = found.Values.ToList();
        CheckInstructionBoundaries(list, entries);
        return new DecodedMethod
        {
            Set = set,
            Instructions = list,
            End = list.Count == 0 ? 0 : list[^1].NextPc,
            BlockStarts = blockStarts.ToList(),
            EntryPoints = entries.ToList(),
        };
    }

    /// <summary>Every entry point must be the start of a decoded instruction (no jumps into the middle of one).</summary>
    private static void CheckInstructionBoundaries(List<Instruction> list, SortedSet<int> entries)
    {
        var starts = new HashSet<int>(list.Select(i => i.Pc));
        foreach (var e in entries)
            if (!starts.Contains(e)) throw new DecodeException($"pc {e} is not at an instruction boundary");
        for (var k = 1; k < list.Count; k++)
            if (list[k].Pc < list[k - 1].NextPc) throw new DecodeException($"instructions at {list[k - 1].Pc} and {list[k].Pc} overlap");
    }
}
