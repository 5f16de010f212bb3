using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Plugins;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// Primitive 105 (replaceFrom:to:with:startingAt:) for every indexable kind, and the
/// numbered string and bitmap primitives of images without closures (234–237, 243–246),
/// which are the MiscPrimitivePlugin's operations under old numbers.
/// </summary>
public static class StringPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.Add(105, ReplaceFromToWithStartingAt);

        PreClosurePrimitives.Add(t, 234, MiscPrimitivePlugin.DecompressFromByteArray);
        PreClosurePrimitives.Add(t, 235, MiscPrimitivePlugin.CompareString);
        PreClosurePrimitives.Add(t, 236, MiscPrimitivePlugin.Convert8BitSigned);
        PreClosurePrimitives.Add(t, 237, MiscPrimitivePlugin.CompressToByteArray);
        PreClosurePrimitives.Add(t, 243, MiscPrimitivePlugin.TranslateStringWithTable);
        PreClosurePrimitives.Add(t, 244, MiscPrimitivePlugin.FindFirstInString);
        PreClosurePrimitives.Add(t, 245, MiscPrimitivePlugin.IndexOfAsciiInString);
        PreClosurePrimitives.Add(t, 246, MiscPrimitivePlugin.FindSubstring);
    }

    /// <summary>
    /// receiver replaceFrom: start to: stop with: replacement startingAt: replStart. Both
    /// must have the same kind of body (pointers, bytes, 16-, 32- or 64-bit words; a boxed
    /// Float counts as two 32-bit words); indices are 1-based over the indexable part
    /// (after the named instance variables of a pointers object). Answers the receiver.
    /// </summary>
    public static bool ReplaceFromToWithStartingAt(Interpreter vm, int n)
    {
        if (n != 4) return false;
        var rcvr = vm.Stack(4);
        var replacement = vm.Stack(1);
        if (!rcvr.IsObject) return vm.Fail(PrimErr.BadReceiver);
        if (!replacement.IsObject) return vm.Fail(PrimErr.BadArgument);
        if (!vm.Stack(3).IsSmallInt || !vm.Stack(2).IsSmallInt || !vm.Stack(0).IsSmallInt) return vm.Fail(PrimErr.BadArgument);
        long start = vm.Stack(3).SmallIntValue, stop = vm.Stack(2).SmallIntValue, replStart = vm.Stack(0).SmallIntValue;
        SqObject dst = rcvr.Obj, src = replacement.Obj;

        int dstOffset = 0, srcOffset = 0;
        long dstSize, srcSize;
        switch (dst, src)
        {
            case (PointersObject d, PointersObject s):
                dstOffset = vm.Mem.FormatOf(d.Class).FixedSlots;
                srcOffset = vm.Mem.FormatOf(s.Class).FixedSlots;
                dstSize = d.Slots.Length - dstOffset;
                srcSize = s.Slots.Length - srcOffset;
                break;
            case (BytesObject or WordsObject or FloatObject or ShortsObject or LongsObject, _) when SameKind(dst, src):
                dstSize = dst.Size;
                srcSize = src.Size;
                break;
            default:
                return vm.Fail(PrimErr.BadArgument);
        }
        if (start < 1 || start - 1 > stop || stop > dstSize) return vm.Fail(PrimErr.BadIndex);
        if (replStart < 1 || stop - start + replStart > srcSize) return vm.Fail(PrimErr.BadIndex);
        if (dst.Flags.HasFlag(ObjectFlags.Immutable)) return vm.Fail(PrimErr.NoModification);

        var count = (int)(stop - start + 1);
        var to = dstOffset + (int)start - 1;
        var from = srcOffset + (int)replStart - 1;
        switch (dst)
        {
            case PointersObject d: Copy(((PointersObject)src).Slots, from, d.Slots, to, count); break;
            case BytesObject d: Copy(((BytesObject)src).Bytes, from, d.Bytes, to, count); break;
            case ShortsObject d: Copy(((ShortsObject)src).Shorts, from, d.Shorts, to, count); break;
            case LongsObject d: Copy(((LongsObject)src).Longs, from, d.Longs, to, count); break;
            case WordsObject d when src is WordsObject s: Copy(s.Words, from, d.Words, to, count); break;
            default:
                // A boxed Float on either side: word by word through its raw (in-memory) word order.
                var native = vm.Image.Format.NativeFloatOrder;
                var words = new uint[count];
                for (var i = 0; i < count; i++) words[i] = WordAt(src, from + i, native);
                for (var i = 0; i < count; i++) SetWordAt(dst, to + i, words[i], native);
                break;
        }
        return vm.Answer(n, rcvr);
    }

    private static bool SameKind(SqObject a, SqObject b) => (a, b) switch
    {
        (BytesObject, BytesObject) => true,
        (ShortsObject, ShortsObject) => true,
        (LongsObject, LongsObject) => true,
        (WordsObject or FloatObject, WordsObject or FloatObject) => true,
        _ => false,
    };

    /// <summary>Copies as the reference VMs do, element by element from the first: an overlapping move to a higher index within one object repeats elements.</summary>
    private static void Copy<T>(T[] src, int from, T[] dst, int to, int count)
    {
        if (ReferenceEquals(src, dst) && to > from && to < from + count)
            for (var i = 0; i < count; i++) dst[to + i] = src[from + i];
        else
            Array.Copy(src, from, dst, to, count);
    }

    // A Float's two words as they lie in memory: low word first where the image keeps floats
    // in the platform's (little-endian) order (6505, Spur), high word first in older V3 images.
    private static uint WordAt(SqObject o, int index, bool native)
    {
        if (o is WordsObject w) return w.Words[index];
        var f = (FloatObject)o;
        return (index == 0) == native ? f.LowWord : f.HighWord;
    }

    private static void SetWordAt(SqObject o, int index, uint value, bool native)
    {
        if (o is WordsObject w) { w.Words[index] = value; return; }
        var f = (FloatObject)o;
        var bits = (ulong)BitConverter.DoubleToInt64Bits(f.Value);
        bits = (index == 0) == native
            ? (bits & 0xFFFF_FFFF_0000_0000UL) | value
            : (bits & 0x0000_0000_FFFF_FFFFUL) | ((ulong)value << 32);
        f.Value = BitConverter.Int64BitsToDouble((long)bits);
    }
}
