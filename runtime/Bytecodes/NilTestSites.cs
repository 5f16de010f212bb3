using System.Text;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Bytecodes;

/// <summary>One literal block of a <see cref="NilTestSite"/>: its code is [Start, End), End being where the jump over it lands.</summary>
public sealed record NilTestBlock(int CopyPc, int Start, int End, int NumArgs);

/// <summary>
/// <c>x ifNil: [...]</c> (or ifNotNil:, ifNil:ifNotNil:, ifNotNil:ifNil:) in a Blue Book method:
/// compilers before closures did not inline these, so every one made a context for its method and a
/// BlockContext per block (Richards' nil tests were most of what it allocated). A direct body runs
/// such a site without either: the receiver's class tells it (through the send's site, checked
/// against the method the image really has, see Interpreter.NilTestArm) which block to run, and the
/// block's code runs inline on the frame's own locals. <see cref="Pc"/> is the first block's
/// pushThisContext, <see cref="SendPc"/> the send, <see cref="AfterPc"/> the instruction after it.
/// </summary>
public sealed record NilTestSite(int Pc, int SendPc, int AfterPc, int SelectorIndex, NilTestBlock[] Blocks)
{
    /// <summary>The block whose code holds <paramref name="pc"/>, or null.</summary>
    public NilTestBlock? BlockAt(int pc) => Blocks.FirstOrDefault(b => pc >= b.Start && pc < b.End);
}

public static class NilTestSites
{
    private static readonly string[] OneBlock = ["ifNil:", "ifNotNil:"];
    private static readonly string[] TwoBlocks = ["ifNil:ifNotNil:", "ifNotNil:ifNil:"];

    /// <summary>
    /// The method's nil-test sites, in its own code and in its other blocks' (direct bodies of both run
    /// them inline), and inside each other's blocks: <c>a ifNil: [...] ifNotNil: [b ifNil: [...]]</c> is
    /// two sites, the inner one's code inlined into the outer one's block.
    /// </summary>
    public static IReadOnlyList<NilTestSite> Of(DecodedMethod decoded, IReadOnlyList<Value> literals)
    {
        if (decoded.Set != BytecodeSet.BlueBook || decoded.BlockStarts.Count == 0) return [];
        var byPc = decoded.Instructions.ToDictionary(i => i.Pc);
        var sites = new List<NilTestSite>();
        foreach (var i in decoded.Instructions)
            if (i.Op == Op.PushThisContext && Site(decoded, byPc, i.Pc, literals) is { } site) sites.Add(site);
        return sites;
    }

    /// <summary>The sites whose inlined code holds <paramref name="pc"/>, outermost first.</summary>
    public static List<(NilTestSite Site, NilTestBlock Block)> Enclosing(IEnumerable<NilTestSite> sites, int pc) =>
        sites.Where(s => s.BlockAt(pc) is not null).OrderBy(s => s.Pc).Select(s => (s, s.BlockAt(pc)!)).ToList();

    /// <summary>
    /// Whether every block the method makes belongs to one of <paramref name="sites"/>: then its
    /// direct body needs no context for blocks and keeps its temporaries in locals.
    /// </summary>
    public static bool CoverAllBlocks(DecodedMethod decoded, IReadOnlyList<NilTestSite> sites) =>
        sites.Count > 0 && decoded.BlockStarts.All(s => sites.Any(site => site.Blocks.Any(b => b.Start == s)));

    private static NilTestSite? Site(DecodedMethod decoded, Dictionary<int, Instruction> byPc, int pc, IReadOnlyList<Value> literals)
    {
        var blocks = new List<NilTestBlock>();
        var at = pc;
        while (blocks.Count < 2 && Block(decoded, byPc, at, literals) is { } b)
        {
            blocks.Add(b);
            at = b.End;
        }
        if (blocks.Count == 0 || !byPc.TryGetValue(at, out var send) || send.Op != Op.Send || send.ArgCount != blocks.Count) return null;
        if (send.Index >= literals.Count || literals[send.Index].Ref is not BytesObject sym) return null;
        var name = Encoding.Latin1.GetString(sym.Bytes);
        if (!(blocks.Count == 1 ? OneBlock : TwoBlocks).Contains(name)) return null;
        return new NilTestSite(pc, send.Pc, send.NextPc, send.Index, blocks.ToArray());
    }

    /// <summary>
    /// <c>thisContext blockCopy: n</c> at <paramref name="pc"/>, jumped over, with code a frame can run inline: the
    /// only blocks it makes are those of nil-test sites inside it (Richards' handler task nests one in another).
    /// </summary>
    private static NilTestBlock? Block(DecodedMethod decoded, Dictionary<int, Instruction> byPc, int pc, IReadOnlyList<Value> literals)
    {
        if (!byPc.TryGetValue(pc, out var push) || push.Op != Op.PushThisContext) return null;
        if (DirectFlow.BlockCopyAt(decoded, byPc, push) is not { } jumpPc) return null;
        var count = byPc[push.NextPc];
        if (count.Op != Op.PushInteger || count.Index is not (0 or 1)) return null;
        var jump = byPc[jumpPc];
        var start = jump.NextPc;
        var end = jump.Target;
        if (end <= start) return null;
        var code = decoded.Instructions.Where(i => i.Pc >= start && i.Pc < end).ToList();
        if (code.Count == 0 || code[0].Pc != start) return null;
        var skipTo = start;
        foreach (var i in code)
        {
            if (i.Pc < skipTo) continue;
            if (i.Op == Op.PushThisContext && Site(decoded, byPc, i.Pc, literals) is { } inner && inner.AfterPc <= end) { skipTo = inner.AfterPc; continue; }
            if (i.Op is Op.PushThisContext or Op.Unknown or Op.PushClosure or Op.PushFullClosure or Op.BlockReturnNil) return null;
            if (i.IsJump && (i.Target < start || i.Target >= end)) return null;
            if (i.IsSend && i.ArgCount > DirectFlow.MaxSendArgs) return null;
        }
        // Control must leave the block only through its returns.
        var last = code[^1];
        if (!last.EndsFlow || last.NextPc != end) return null;
        return new NilTestBlock(pc, start, end, count.Index);
    }
}
