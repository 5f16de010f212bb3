namespace ImageAot.Runtime.Bytecodes;

/// <summary>
/// Which instructions a method's direct-call body runs itself: those reached from the method's
/// start by its own control flow, except the ones it always leaves to the heap tier (they need
/// a context: thisContext, closures; or they are rare: sends of many arguments). The recompiler
/// emits labels for exactly these; the interpreter resumes a context in the direct body only at
/// one of them.
/// </summary>
public static class DirectFlow
{
    /// <summary>Arguments a direct-call body takes at most; methods with more have none, and sends with more flush.</summary>
    public const int MaxArgs = 4;

    /// <summary>Instructions reached from pc 0 in pc order, including those that only flush.</summary>
    public static List<Instruction> Reachable(DecodedMethod decoded)
    {
        var byPc = decoded.Instructions.ToDictionary(i => i.Pc);
        var seen = new HashSet<int>();
        var work = new Stack<int>();
        work.Push(0);
        while (work.Count > 0)
        {
            var pc = work.Pop();
            if (!byPc.TryGetValue(pc, out var i) || !seen.Add(pc)) continue;
            if (FlushesAt(i)) continue;
            if (i.IsJump) work.Push(i.Target);
            if (!i.EndsFlow) work.Push(i.NextPc);
        }
        return decoded.Instructions.Where(i => seen.Contains(i.Pc)).OrderBy(i => i.Pc).ToList();
    }

    /// <summary>Instructions a direct frame never runs itself: it writes itself out into a context there.</summary>
    public static bool FlushesAt(Instruction i) =>
        i.Op is Op.PushThisContext or Op.PushClosure or Op.PushFullClosure or Op.BlockReturnTop or Op.BlockReturnNil
            or Op.DirectedSuperSend or Op.PushCharacter or Op.Unknown
        || (i.IsSend && i.ArgCount > MaxArgs);

    /// <summary>By pc: where a context of the method may go on in its direct-call body.</summary>
    public static bool[] ResumePoints(DecodedMethod decoded)
    {
        var points = new bool[decoded.End + 1];
        foreach (var i in Reachable(decoded))
            if (!FlushesAt(i)) points[i.Pc] = true;
        return points;
    }
}
