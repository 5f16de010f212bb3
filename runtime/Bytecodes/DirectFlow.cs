namespace ImageAot.Runtime.Bytecodes;

/// <summary>
/// Which instructions a direct-call body runs itself: those reached from its start (the
/// method's pc 0, or a block's first pc) by its own control flow, except the ones it always
/// leaves to the heap tier (they need a context: thisContext, a return from a block to its home,
/// which the frame tries to do directly first; or they are rare: sends of more arguments than
/// Smalltalk allows a method). The recompiler emits labels for
/// exactly these; the interpreter resumes a context in the direct body only at one of them.
/// </summary>
public static class DirectFlow
{
    /// <summary>
    /// Arguments a direct call passes as parameters; blocks with more have no direct body. A
    /// method's further arguments (up to <see cref="MaxSendArgs"/>) travel in
    /// Interpreter.ExtraArgs, written by the caller just before the call and read by the callee
    /// first thing: drawing methods with five to eight keywords are common in Morphic code.
    /// </summary>
    public const int MaxArgs = 4;

    /// <summary>The most arguments a CompiledMethod can take (its header has 4 bits for them); sends of more flush.</summary>
    public const int MaxSendArgs = 15;

    /// <summary>
    /// Whether the method keeps its temporaries in its context even in its direct body: a Blue
    /// Book method with blocks, whose blocks read and write the home context's temporaries.
    /// </summary>
    public static bool TempsInContext(DecodedMethod decoded) => decoded.Set == BytecodeSet.BlueBook && decoded.BlockStarts.Count > 0;

    /// <summary>Whether the method's direct body makes closures (then it makes its own context when it starts: their outer context).</summary>
    public static bool MakesClosures(DecodedMethod decoded) =>
        decoded.Set != BytecodeSet.BlueBook && decoded.Instructions.Any(NeedsOuterContext);

    /// <summary>
    /// A closure, or a full block that keeps its outer context (a clean full block has none), is
    /// made here: the activation needs a context for it to refer to.
    /// </summary>
    public static bool NeedsOuterContext(Instruction i) =>
        i.Op == Op.PushClosure || (i.Op == Op.PushFullClosure && (i.ArgCount & FullClosureOuterIsNil) == 0);

    /// <summary>Flag bits of pushFullClosure (in <see cref="Instruction.ArgCount"/>): no outer context; the receiver comes off the stack.</summary>
    public const int FullClosureOuterIsNil = 1, FullClosureReceiverOnStack = 2;

    /// <summary>Instructions reached from <paramref name="start"/> in pc order, including those that only flush.</summary>
    /// <remarks>With <paramref name="nilTests"/>, a nil-test site's blocks are code of the frame itself, which goes on after the site's send.</remarks>
    public static List<Instruction> Reachable(DecodedMethod decoded, int start = 0, bool inBlock = false, IReadOnlyList<NilTestSite>? nilTests = null)
    {
        var byPc = decoded.Instructions.ToDictionary(i => i.Pc);
        var seen = new HashSet<int>();
        var work = new Stack<int>();
        work.Push(start);
        while (work.Count > 0)
        {
            var pc = work.Pop();
            if (!byPc.TryGetValue(pc, out var i) || !seen.Add(pc)) continue;
            if (nilTests?.FirstOrDefault(s => s.Pc == pc) is { } site)
            {
                foreach (var b in site.Blocks) work.Push(b.Start);
                work.Push(site.AfterPc);
                continue;
            }
            if (BlockCopyAt(decoded, byPc, i) is { } after) { work.Push(after); continue; }
            if (FlushesAt(i, inBlock)) continue;
            // A closure's code is its own activation: the frame goes on after it.
            if (i.Op == Op.PushClosure) { work.Push(i.Target); continue; }
            if (i.IsJump) work.Push(i.Target);
            if (!i.EndsFlow) work.Push(i.NextPc);
        }
        return decoded.Instructions.Where(i => seen.Contains(i.Pc)).OrderBy(i => i.Pc).ToList();
    }

    /// <summary>
    /// For <c>thisContext blockCopy: n</c> (a Blue Book block being made), the pc after the
    /// send: a direct body makes the block itself from its home context, without a flush.
    /// </summary>
    public static int? BlockCopyAt(DecodedMethod decoded, IReadOnlyDictionary<int, Instruction> byPc, Instruction i)
    {
        if (decoded.Set != BytecodeSet.BlueBook || i.Op != Op.PushThisContext) return null;
        if (!byPc.TryGetValue(i.NextPc, out var count) || count.Op is not (Op.PushInteger or Op.PushLiteralConstant)) return null;
        if (!byPc.TryGetValue(count.NextPc, out var send) || send.Op != Op.SpecialSend || send.Index != BytecodeDecoder.BlockCopySpecialIndex) return null;
        if (!byPc.TryGetValue(send.NextPc, out var jump) || jump.Op != Op.Jump) return null;
        return send.NextPc;
    }

    /// <summary>Instructions a direct frame never runs itself: it writes itself out into a context there.</summary>
    public static bool FlushesAt(Instruction i, bool inBlock = false) =>
        i.Op is Op.PushThisContext or Op.Unknown
        || (i.IsSend && i.ArgCount > MaxSendArgs)
        // A method body never reaches a block return; in a block, ^ returns from the home (the heap tier unwinds to it).
        || (inBlock ? i.IsReturn && i.Op is not (Op.BlockReturnTop or Op.BlockReturnNil) : i.Op is Op.BlockReturnTop or Op.BlockReturnNil);

    /// <summary>By pc: where a context of the method may go on in its direct-call body.</summary>
    /// <remarks>A nil-test site's block code is never a resume point: a context is never there, its block's context is.</remarks>
    public static bool[] ResumePoints(DecodedMethod decoded, IReadOnlyList<NilTestSite>? nilTests = null)
    {
        var points = new bool[decoded.End + 1];
        var byPc = decoded.Instructions.ToDictionary(i => i.Pc);
        foreach (var i in Reachable(decoded, nilTests: nilTests))
            if ((!FlushesAt(i) || BlockCopyAt(decoded, byPc, i) is not null) && nilTests?.Any(s => s.BlockAt(i.Pc) is not null) != true) points[i.Pc] = true;
        return points;
    }
}
