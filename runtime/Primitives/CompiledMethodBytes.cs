using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// A CompiledMethod seen as the byte object the C VM has in memory: the header word, one word
/// per literal, then the bytecodes and trailer, so byte 1 is the header's low byte and
/// <c>size</c> counts all of them. Images hash and compare methods through these bytes (Cuis
/// 4.1's ByteArray>>hash goes over every one). A literal that is an object has no address here;
/// its identity hash stands in for it, which keeps a method's hash stable as long as its
/// literals are the same objects (the C VM's changes whenever the heap is compacted).
/// </summary>
public static class CompiledMethodBytes
{
    public static int Size(Interpreter vm, CompiledMethodObject m) => vm.InfoOf(m).BytecodeOffset + m.Bytes.Length;

    /// <summary>The byte at 0-based <paramref name="i"/>, or -1 when it lies outside the method.</summary>
    public static int ByteAt(Interpreter vm, CompiledMethodObject m, long i)
    {
        var offset = vm.InfoOf(m).BytecodeOffset;
        if (i >= offset) return i - offset < m.Bytes.Length ? m.Bytes[i - offset] : -1;
        if (i < 0) return -1;
        var ws = vm.Mem.WordSize;
        var word = WordAt(vm, m, (int)(i / ws) - 1);
        return (int)((word >> (int)(i % ws * 8)) & 0xFF);
    }

    /// <summary>All the bytes, as <see cref="ByteAt"/> answers them one by one.</summary>
    public static byte[] All(Interpreter vm, CompiledMethodObject m)
    {
        var ws = vm.Mem.WordSize;
        var offset = vm.InfoOf(m).BytecodeOffset;
        var bytes = new byte[offset + m.Bytes.Length];
        for (var w = 0; w < offset / ws; w++)
        {
            var word = WordAt(vm, m, w - 1);
            for (var b = 0; b < ws; b++) bytes[w * ws + b] = (byte)(word >> (b * 8));
        }
        m.Bytes.CopyTo(bytes, offset);
        return bytes;
    }

    /// <summary>Literal <paramref name="literal"/> (0-based; -1 is the header) as a memory word, least significant byte first.</summary>
    private static ulong WordAt(Interpreter vm, CompiledMethodObject m, int literal)
    {
        var v = literal < 0 ? m.Header : literal < m.Literals.Length ? m.Literals[literal] : vm.Mem.NilV;
        var wide = vm.Mem.WordSize == 8;
        if (v.IsSmallInt) return wide ? ((ulong)v.SmallIntValue << 3) | 1 : (uint)(((ulong)v.SmallIntValue << 1) | 1);
        if (v.IsChar) return wide ? ((ulong)v.CharValue << 3) | 2 : ((ulong)v.CharValue << 2) | 2;
        if (v.IsSmallFloat) return SmallFloat64.Encode(v.SmallFloatValue);
        // An object: a word-aligned stand-in address made from its identity hash.
        return (ulong)(uint)v.Obj.Hash << 3;
    }
}
