using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// SistaV1 full blocks in the direct tier. A FullBlockClosure's code is a CompiledBlock, a
/// method object of its own with its own content key and its own direct-call body
/// (<see cref="MethodInfo.FullBlockEntry"/>): <c>value</c>… sent to one from a direct frame calls
/// that body with the closure's receiver as self and the closure as <c>ctx</c>, where the body
/// finds its copied values. A method that makes full blocks with an outer context makes its own
/// context when its direct frame starts, as one making V3 closures does; clean blocks need none.
/// </summary>
public sealed partial class Interpreter
{
    /// <summary>A FullBlockClosure made by a direct frame (outer null for a clean block); the frame stores the copied values.</summary>
    public PointersObject NewFullClosureDirect(PointersObject? outer, Value block, Value rcvr, int numCopied)
    {
        if (outer is not null) Escape(outer);
        var s = new Value[Layout.FullClosureFirstCopied + numCopied];
        s[Layout.ClosureOuter] = outer is null ? NilV : outer;
        s[Layout.FullClosureMethod] = block;
        s[Layout.ClosureNumArgs] = Value.SmallInt(InfoOf((CompiledMethodObject)block.Obj).NumArgs);
        s[Layout.FullClosureReceiver] = rcvr;
        var cls = (Mem.ClassFullBlockClosure ?? Mem.ClassBlockClosure)!;
        return new PointersObject(cls, Mem.NewHash(cls), 3, s);
    }

    /// <summary>
    /// value… to a FullBlockClosure from a direct frame: its CompiledBlock's direct body, when it
    /// has one (answers false otherwise: the sender flushes and the interpreter activates it).
    /// </summary>
    private bool TryValueFullClosureDirect(PointersObject closure, int numArgs, int depth, Value a1, Value a2, Value a3, Value a4, out Value result)
    {
        result = default;
        var s = closure.Slots;
        if (s.Length < Layout.FullClosureFirstCopied || !s[Layout.ClosureNumArgs].IsSmallInt || s[Layout.ClosureNumArgs].Bits != numArgs
            || s[Layout.FullClosureMethod].Ref is not CompiledMethodObject block)
            return false;
        var bi = InfoWithBodies(block);
        if (bi.FullBlockEntry == 0 || bi.NumArgs != numArgs) return false;
        DirectBlockRuns++;
        result = Invoke(bi.FullBlockEntry, numArgs, this, bi, depth + 1, s[Layout.FullClosureReceiver], a1, a2, a3, a4, closure);
        return true;
    }

    /// <summary>Number of values a closure copied, for either kind of closure.</summary>
    private int CopiedCount(PointersObject closure) =>
        closure.Slots.Length - (IsFullClosure(closure) ? Layout.FullClosureFirstCopied : Layout.ClosureFirstCopied);
}
