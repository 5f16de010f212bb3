using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// The global send cache: (class, selector) to the method found by lookup, or to "not
/// understood". The image flushes it (primitives 89, 116, 119) whenever it changes methods.
/// </summary>
public sealed class MethodCache
{
    private const int Size = 16384;
    private readonly Entry[] entries = new Entry[Size];

    public sealed class Entry
    {
        public SqObject? Class;
        public SqObject? Selector;
        /// <summary>A CompiledMethod, another object to run with run:with:in:, or null when not understood.</summary>
        public SqObject? Method;
        public MethodInfo? Info;
        /// <summary>What a compiled send calls for the method (<see cref="Interpreter.SendMiss"/> fills it in; 0 until then or when only the interpreter can run it).</summary>
        public nint Target;
    }

    public MethodCache()
    {
        for (var i = 0; i < Size; i++) entries[i] = new Entry();
    }

    private static int Index(SqObject cls, SqObject selector) => (cls.Hash * 31 + selector.Hash + (selector.Hash >> 12)) & (Size - 1);

    /// <summary>
    /// The entry for (class, selector) if cached, else one of its set to test and refill. Sets
    /// have two ways (an entry and its neighbour), so two pairs that hash alike do not evict
    /// each other on every send (Float printing in Cuis 4.1 missed four times per number).
    /// </summary>
    public Entry Slot(SqObject cls, SqObject selector)
    {
        var i = Index(cls, selector);
        var e = entries[i];
        if (ReferenceEquals(e.Class, cls) && ReferenceEquals(e.Selector, selector)) return e;
        var other = entries[i ^ 1];
        return ReferenceEquals(other.Class, cls) && ReferenceEquals(other.Selector, selector) ? other : e;
    }

    /// <summary>The entry to refill after a miss: the set's less recently filled way, which then becomes its first.</summary>
    public Entry Victim(SqObject cls, SqObject selector)
    {
        var i = Index(cls, selector);
        (entries[i], entries[i ^ 1]) = (entries[i ^ 1], entries[i]);
        return entries[i];
    }

    public void Flush()
    {
        foreach (var e in entries) Clear(e);
    }

    /// <summary>Forgets the entries for <paramref name="selector"/>.</summary>
    public void Flush(SqObject selector)
    {
        foreach (var e in entries)
            if (ReferenceEquals(e.Selector, selector)) Clear(e);
    }

    /// <summary>Forgets the entries that found <paramref name="method"/>.</summary>
    public void Flush(CompiledMethodObject method)
    {
        foreach (var e in entries)
            if (ReferenceEquals(e.Method, method)) Clear(e);
    }

    private static void Clear(Entry e) { e.Class = null; e.Selector = null; e.Method = null; e.Info = null; e.Target = 0; }
}
