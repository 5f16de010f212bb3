using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// The global send cache: (class, selector) to the method found by lookup, or to "not
/// understood". The image flushes it (primitives 89, 116, 119) whenever it changes methods.
/// </summary>
public sealed class MethodCache
{
    private const int Size = 4096;
    private readonly Entry[] entries = new Entry[Size];

    public sealed class Entry
    {
        public SqObject? Class;
        public SqObject? Selector;
        /// <summary>A CompiledMethod, another object to run with run:with:in:, or null when not understood.</summary>
        public SqObject? Method;
        public MethodInfo? Info;
    }

    public MethodCache()
    {
        for (var i = 0; i < Size; i++) entries[i] = new Entry();
    }

    public Entry Slot(SqObject cls, SqObject selector) =>
        entries[(cls.Hash * 31 + selector.Hash + (selector.Hash >> 12)) & (Size - 1)];

    public void Flush()
    {
        foreach (var e in entries) { e.Class = null; e.Selector = null; e.Method = null; e.Info = null; }
    }
}
