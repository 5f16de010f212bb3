using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Memory;

/// <summary>
/// The mark phase over the managed heap: every object reachable from the roots gets
/// <see cref="ObjectFlags.Marked"/> and joins <see cref="Found"/>. Contexts are traced only up to
/// their stack pointer (slots above it are stale values the interpreter left behind, which must
/// not keep anything alive). For a garbage collection the indexable slots of weak objects are
/// not traced, so what only they hold stays unmarked; for an enumeration they are traced like
/// any other slot. A marker must end with <see cref="Finish"/>, which clears every mark.
/// </summary>
public sealed class HeapMarker
{
    private const byte WeakFormat = 4;

    private readonly ObjectMemory mem;
    private readonly bool traceWeakSlots;
    private readonly Stack<SqObject> pending = new();

    /// <summary>Everything marked, in the order it was reached.</summary>
    public readonly List<SqObject> Found;

    /// <summary>Weak objects reached while weak slots were not traced: the ones whose slots a collection may clear.</summary>
    public readonly List<PointersObject> WeakObjects = new();

    public HeapMarker(ObjectMemory mem, bool traceWeakSlots)
    {
        this.mem = mem;
        this.traceWeakSlots = traceWeakSlots;
        Found = new List<SqObject>(mem.Image.Objects.Count + 1024);
    }

    public static bool IsMarked(SqObject o) => (o.Flags & ObjectFlags.Marked) != 0;

    public void Mark(ReadOnlySpan<SqObject> roots)
    {
        foreach (var r in roots) Reach(r);
        while (pending.Count > 0) Trace(pending.Pop());
    }

    private void Reach(SqObject? o)
    {
        if (o is null || o is ImmediateTag || (o.Flags & ObjectFlags.Marked) != 0) return;
        o.Flags |= ObjectFlags.Marked;
        Found.Add(o);
        pending.Push(o);
    }

    private void Trace(SqObject o)
    {
        Reach(o.Class);
        switch (o)
        {
            case PointersObject p:
                var slots = p.Slots;
                var end = TracedLength(p);
                for (var i = 0; i < end; i++)
                    if (slots[i].Ref is { } r) Reach(r);
                break;
            case CompiledMethodObject m:
                foreach (var v in m.Literals) if (v.Ref is { } r) Reach(r);
                break;
        }
    }

    /// <summary>How many leading slots hold strong references.</summary>
    private int TracedLength(PointersObject p)
    {
        var n = p.Slots.Length;
        if (p.Format == WeakFormat && !traceWeakSlots)
        {
            WeakObjects.Add(p);
            return Math.Min(n, mem.FormatOf(p.Class).FixedSlots);
        }
        if (n > Layout.CtxTempStart && (ReferenceEquals(p.Class, mem.ClassMethodContext) || ReferenceEquals(p.Class, mem.ClassBlockContext)))
        {
            var sp = p.Slots[Layout.CtxStackp];
            if (sp.IsSmallInt && sp.Bits >= 0) return (int)Math.Min(n, Layout.CtxTempStart + sp.Bits);
        }
        return n;
    }

    /// <summary>Sets to nil every weak slot whose referent was not marked; answers how many there were.</summary>
    public int ClearUnmarkedWeakReferents()
    {
        var cleared = 0;
        foreach (var w in WeakObjects)
        {
            var slots = w.Slots;
            for (var i = mem.FormatOf(w.Class).FixedSlots; i < slots.Length; i++)
                if (slots[i].Ref is { } r && r is not ImmediateTag && (r.Flags & ObjectFlags.Marked) == 0)
                {
                    slots[i] = mem.NilV;
                    cleared++;
                }
        }
        return cleared;
    }

    /// <summary>
    /// Clears every mark and answers the marked objects in image order: the image's known objects
    /// in their order, then those reached for the first time in the order they were reached. With
    /// <paramref name="rememberOrder"/> that whole list becomes the image's known objects, so
    /// unreachable ones are let go and later walks keep this order.
    /// </summary>
    public List<SqObject> Finish(bool rememberOrder)
    {
        var known = mem.Image.Objects;
        var ordered = new List<SqObject>(Found.Count);
        Take(mem.Nil); Take(mem.False); Take(mem.True);
        foreach (var o in known) Take(o);
        foreach (var o in Found) Take(o);
        if (rememberOrder)
        {
            known.Clear();
            known.AddRange(ordered);
        }
        return ordered;

        void Take(SqObject o)
        {
            if ((o.Flags & ObjectFlags.Marked) == 0) return;
            o.Flags &= ~ObjectFlags.Marked;
            ordered.Add(o);
        }
    }

    /// <summary>Clears the marks without ordering anything (after a failure part-way).</summary>
    public void Abandon()
    {
        foreach (var o in Found) o.Flags &= ~ObjectFlags.Marked;
    }
}
