using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Bytecodes;

/// <summary>
/// The frame depth (a context's stackp: temporaries plus operand stack) before every
/// instruction of a method, found by following control flow from each activation's start: the
/// method (its temporaries), every closure body (arguments + copied values) and every Blue Book
/// block (its arguments). Compiled code needs it to give every stack slot a .NET local; it also
/// proves that each activation fits the frame size the method header asks for.
/// </summary>
public sealed class StackAnalysis
{
    /// <summary>Depth before the instruction at each reachable pc.</summary>
    public required IReadOnlyDictionary<int, int> DepthAt { get; init; }
    /// <summary>The largest depth any activation of this method (or of its blocks) reaches.</summary>
    public required int MaxDepth { get; init; }

    /// <summary>Arguments each special selector takes (the standard special selectors array).</summary>
    public static readonly int[] SpecialSelectorArgs =
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0];

    public static StackAnalysis Of(CompiledMethodObject m, DecodedMethod decoded, ImageFormat format)
    {
        var header = new MethodHeader(m.Header.SmallIntValue, format.IsSpur);
        return Of(decoded, header.NumTemps, i => i < m.Literals.Length && m.Literals[i].IsSmallInt ? (int)m.Literals[i].Bits : null);
    }

    /// <param name="literalInteger">The SmallInteger value of a literal, if it is one (Blue Book blocks of 3+ arguments push their count as a literal).</param>
    public static StackAnalysis Of(DecodedMethod decoded, int initialDepth, Func<int, int?>? literalInteger = null)
    {
        var byPc = decoded.Instructions.ToDictionary(i => i.Pc);
        var depthAt = new Dictionary<int, int>();
        var max = initialDepth;
        var work = new Stack<(int Pc, int Depth)>();
        if (byPc.Count > 0) work.Push((0, initialDepth));
        while (work.Count > 0)
        {
            var (pc, depth) = work.Pop();
            while (true)
            {
                if (depthAt.TryGetValue(pc, out var known))
                {
                    if (known != depth) throw new DecodeException($"stack depth at pc {pc} is {known} on one path and {depth} on another");
                    break;
                }
                if (!byPc.TryGetValue(pc, out var i)) throw new DecodeException($"no instruction at pc {pc}");
                depthAt[pc] = depth;
                var after = depth + Effect(i, decoded.Set);
                if (after < 0) throw new DecodeException($"stack underflow at pc {pc}");
                max = Math.Max(max, Math.Max(depth, after));

                if (i.Op == Op.PushClosure)
                {
                    // The body is another activation: its frame starts with arguments and copied values.
                    work.Push((i.NextPc, i.ArgCount + i.Extra));
                    work.Push((i.Target, after));
                    break;
                }
                if (decoded.Set == BytecodeSet.BlueBook && i.Op == Op.SpecialSend && i.Index == BytecodeDecoder.BlockCopySpecialIndex
                    && byPc.TryGetValue(i.NextPc, out var jump) && jump.Op == Op.Jump)
                {
                    // A Blue Book block's arguments arrive on its own stack; their count was pushed before blockCopy:.
                    var nargs = BlockArgumentCount(decoded, i.Pc, literalInteger);
                    work.Push((jump.NextPc, nargs));
                }
                if (i.IsJump) work.Push((i.Target, after));
                if (i.EndsFlow) break;
                pc = i.NextPc;
                depth = after;
            }
        }
        return new StackAnalysis { DepthAt = depthAt, MaxDepth = max };
    }

    /// <summary>The integer pushed just before a blockCopy: send (the block's argument count).</summary>
    private static int BlockArgumentCount(DecodedMethod decoded, int blockCopyPc, Func<int, int?>? literalInteger)
    {
        var previous = decoded.Instructions.LastOrDefault(x => x.NextPc == blockCopyPc);
        return previous.Op switch
        {
            Op.PushInteger => previous.Index,
            Op.PushLiteralConstant when literalInteger?.Invoke(previous.Index) is { } n => n,
            _ => throw new DecodeException($"blockCopy: at pc {blockCopyPc} is not preceded by its argument count"),
        };
    }

    private static int Effect(Instruction i, BytecodeSet set) => i.Op switch
    {
        Op.PushReceiverVariable or Op.PushTemp or Op.PushLiteralConstant or Op.PushLiteralVariable or Op.PushSelf
            or Op.PushTrue or Op.PushFalse or Op.PushNil or Op.PushInteger or Op.PushCharacter or Op.PushThisContext
            or Op.PushRemoteTemp or Op.Dup => 1,
        Op.PushNewArray => 1 - (i.Pop ? i.ArgCount : 0),
        Op.StoreReceiverVariable or Op.StoreTemp or Op.StoreLiteralVariable or Op.StoreRemoteTemp => i.Pop ? -1 : 0,
        Op.Pop => -1,
        Op.Nop or Op.CallPrimitive or Op.Jump => 0,
        Op.JumpIfTrue or Op.JumpIfFalse => -1,
        Op.Send or Op.SuperSend => -i.ArgCount,
        Op.DirectedSuperSend => -i.ArgCount - 1,
        Op.SpecialSend => -SpecialSelectorArgs[i.Index],
        Op.PushClosure => 1 - i.Extra,
        Op.PushFullClosure => 1 - i.Extra - ((i.ArgCount & 2) != 0 ? 1 : 0),
        Op.ReturnTop or Op.BlockReturnTop => -1,
        _ => 0,
    };
}
