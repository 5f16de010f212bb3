using System.Runtime.CompilerServices;

namespace ImageAot.Runtime.ObjectModel;

/// <summary>
/// Base of every Smalltalk heap object. Identity is the .NET reference, so become: swaps
/// contents, never references. The format is kept in the encoding of the image the object
/// lives in (V3 4-bit or Spur 5-bit), because the writer and the class's own format word
/// both speak that encoding.
/// </summary>
public abstract class SqObject
{
    public SqObject Class;
    /// <summary>Identity hash as the image stores it (V3: 12 bits; Spur: 22 bits, 0 = not yet assigned, equal to the class index for classes).</summary>
    public int Hash;
    /// <summary>
    /// Format field in the image's own encoding. For byte, 16-bit, 32-bit and method objects
    /// it is the base format: the low bits that count unused trailing elements follow from
    /// the body's length and are added back by the writer.
    /// </summary>
    public byte Format;
    public ObjectFlags Flags;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected SqObject(SqObject cls, int hash, byte format)
    {
        Class = cls;
        Hash = hash;
        Format = format;
    }

    public abstract ObjectKind Kind { get; }

    /// <summary>Number of indexable-or-fixed elements in the body (slots, bytes, words…).</summary>
    public abstract int Size { get; }

    public override string ToString() => $"a {Kind} object ({Size})";
}

[Flags]
public enum ObjectFlags : byte
{
    None = 0,
    Immutable = 1,
    Pinned = 2,
    /// <summary>
    /// VM-internal, never written to a file: a context the interpreter created whose reference
    /// has not escaped to Smalltalk code (no thisContext, block or process has seen it), so its
    /// storage can be reused for the next activation once it returns.
    /// </summary>
    Recyclable = 4,
    /// <summary>VM-internal: a context whose direct-call frame is running on the .NET stack (a ^ in one of its blocks may unwind straight to it).</summary>
    DirectFrameLive = 8,
    /// <summary>VM-internal: reached by the mark phase in progress (set and cleared within one heap walk).</summary>
    Marked = 16,
    /// <summary>VM-internal, on a class: an instance was made since the last list of all objects was taken.</summary>
    InstancesMade = 32,
    /// <summary>
    /// VM-internal, on a context: the interpreter made a block on it (blockCopy:). Its method's
    /// direct body, if it keeps temporaries in locals (nil tests inlined), must not go on with it:
    /// the block reads and writes the context's temporaries.
    /// </summary>
    BlocksMade = 64,
}
