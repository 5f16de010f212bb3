using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// The MiscPrimitivePlugin: string and bitmap helpers that the image declares on String,
/// ByteString, ByteArray, Bitmap and SampledSound. The plugin reads its operands at fixed
/// stack depths: the receiver (often a class, always ignored) below a fixed number of
/// arguments, so each primitive checks that it was called with exactly that many.
/// Answers follow the VMMaker plugin (compare answers 1, 2, 3; "not found" is 0).
/// </summary>
public static class MiscPrimitivePlugin
{
    public const string Module = "MiscPrimitivePlugin";

    public static void Register(PrimitiveTable t)
    {
        t.AddNamed(Module, "primitiveCompareString", CompareString);
        t.AddNamed(Module, "primitiveFindFirstInString", FindFirstInString);
        t.AddNamed(Module, "primitiveIndexOfAsciiInString", IndexOfAsciiInString);
        t.AddNamed(Module, "primitiveFindSubstring", FindSubstring);
        t.AddNamed(Module, "primitiveStringHash", StringHash);
        t.AddNamed(Module, "primitiveTranslateStringWithTable", TranslateStringWithTable);
        t.AddNamed(Module, "primitiveCompressToByteArray", CompressToByteArray);
        t.AddNamed(Module, "primitiveDecompressFromByteArray", DecompressFromByteArray);
        t.AddNamed(Module, "primitiveConvert8BitSigned", Convert8BitSigned);
    }

    private static byte[]? BytesAt(Interpreter vm, int depth) => vm.Stack(depth).Ref is BytesObject b ? b.Bytes : null;

    /// <summary>An operand only read: a CompiledMethod counts as bytes too, as in the C plugin (methods are byte objects there).</summary>
    private static byte[]? ReadBytesAt(Interpreter vm, int depth) => vm.Stack(depth).Ref switch
    {
        BytesObject b => b.Bytes,
        CompiledMethodObject m => CompiledMethodBytes.All(vm, m),
        _ => null,
    };

    private static bool IntAt(Interpreter vm, int depth, out long value)
    {
        var v = vm.Stack(depth);
        value = v.IsSmallInt ? v.SmallIntValue : 0;
        return v.IsSmallInt;
    }

    /// <summary>compare: string1 with: string2 collated: order — 1, 2 or 3 as string1 is below, equal to or above string2, comparing order[byte].</summary>
    public static bool CompareString(Interpreter vm, int n)
    {
        if (n != 3) return false;
        var s1 = BytesAt(vm, 2);
        var s2 = BytesAt(vm, 1);
        var order = BytesAt(vm, 0);
        if (s1 is null || s2 is null || order is null) return vm.Fail(PrimErr.BadArgument);
        var common = Math.Min(s1.Length, s2.Length);
        for (var i = 0; i < common; i++)
        {
            if (s1[i] >= order.Length || s2[i] >= order.Length) return vm.Fail(PrimErr.BadArgument);
            int c1 = order[s1[i]], c2 = order[s2[i]];
            if (c1 != c2) return vm.Answer(n, c1 < c2 ? 1L : 3L);
        }
        return vm.Answer(n, s1.Length == s2.Length ? 2L : s1.Length < s2.Length ? 1L : 3L);
    }

    /// <summary>findFirstInString: aString inSet: inclusionMap startingAt: start — index of the first byte whose map entry is non-zero, else 0.</summary>
    public static bool FindFirstInString(Interpreter vm, int n)
    {
        if (n != 3) return false;
        var s = BytesAt(vm, 2);
        var map = BytesAt(vm, 1);
        if (s is null || map is null || !IntAt(vm, 0, out var start)) return vm.Fail(PrimErr.BadArgument);
        if (map.Length != 256) return vm.Answer(n, 0L);
        // The C plugin starts wherever it is told; below 1 it reads the object's header, which
        // never matches in practice, so a start below 1 behaves as 1 (Cuis passes 0).
        for (var i = Math.Max(start, 1); i <= s.Length; i++)
            if (map[s[i - 1]] != 0) return vm.Answer(n, i);
        return vm.Answer(n, 0L);
    }

    /// <summary>indexOfAscii: anInteger inString: aString startingAt: start — index of the first byte equal to anInteger, else 0.</summary>
    public static bool IndexOfAsciiInString(Interpreter vm, int n)
    {
        if (n != 3) return false;
        var s = BytesAt(vm, 1);
        if (!IntAt(vm, 2, out var ascii) || s is null || !IntAt(vm, 0, out var start)) return vm.Fail(PrimErr.BadArgument);
        // As in findFirstInString: a start below 1 is 1 (Cuis 4.1 passes 0 on every method compile).
        start = Math.Max(start, 1);
        if (ascii is >= 0 and <= 255 && start <= s.Length)
        {
            var found = Array.IndexOf(s, (byte)ascii, (int)start - 1);
            if (found >= 0) return vm.Answer(n, found + 1L);
        }
        return vm.Answer(n, 0L);
    }

    /// <summary>findSubstring: key in: body startingAt: start matchTable: table — first index at or after start where key matches (through the table), else 0.</summary>
    public static bool FindSubstring(Interpreter vm, int n)
    {
        if (n != 4) return false;
        var key = BytesAt(vm, 3);
        var body = BytesAt(vm, 2);
        var table = BytesAt(vm, 0);
        if (key is null || body is null || table is null || !IntAt(vm, 1, out var start)) return vm.Fail(PrimErr.BadArgument);
        if (key.Length == 0) return vm.Answer(n, 0L);
        if (table.Length < 256) return vm.Fail(PrimErr.BadArgument);
        for (var at = Math.Max(start, 1); at <= body.Length - key.Length + 1; at++)
        {
            var i = 0;
            while (table[body[at - 1 + i]] == table[key[i]])
                if (++i == key.Length) return vm.Answer(n, at);
        }
        return vm.Answer(n, 0L);
    }

    /// <summary>The byte hash of Squeak's String/ByteArray (hashMultiply folded over the bytes, 28 bits).</summary>
    public static long HashBytes(ReadOnlySpan<byte> bytes, long initialHash)
    {
        var hash = initialHash & 0xFFFFFFF;
        foreach (var b in bytes)
        {
            hash += b;
            var low = hash & 0x3FFF;
            hash = (0x260D * low + (((0x260D * (hash >> 14)) + (0x0065 * low)) & 0x3FFF) * 0x4000) & 0xFFFFFFF;
        }
        return hash;
    }

    /// <summary>stringHash: aString initialHash: speciesHash (also hashBytes:startingWith:).</summary>
    public static bool StringHash(Interpreter vm, int n)
    {
        if (n != 2) return false;
        var bytes = ReadBytesAt(vm, 1);
        if (bytes is null || !IntAt(vm, 0, out var initial)) return vm.Fail(PrimErr.BadArgument);
        return vm.Answer(n, HashBytes(bytes, initial));
    }

    /// <summary>translate: aString from: start to: stop table: table — replaces each byte in place by table[byte]; answers the receiver.</summary>
    public static bool TranslateStringWithTable(Interpreter vm, int n)
    {
        if (n != 4) return false;
        var target = vm.Stack(3).Ref as BytesObject;
        var table = BytesAt(vm, 0);
        if (target is null || table is null || !IntAt(vm, 2, out var start) || !IntAt(vm, 1, out var stop)) return vm.Fail(PrimErr.BadArgument);
        var s = target.Bytes;
        if (start > stop) return vm.Answer(n, vm.Stack(n));   // an empty range is no error, wherever it lies
        if (start < 1 || stop > s.Length) return vm.Fail(PrimErr.BadIndex);
        if (target.Flags.HasFlag(ObjectFlags.Immutable)) return vm.Fail(PrimErr.NoModification);
        for (var i = start; i <= stop; i++)
            if (s[i - 1] >= table.Length) return vm.Fail(PrimErr.BadArgument);
        for (var i = start; i <= stop; i++) s[i - 1] = table[s[i - 1]];
        return vm.Answer(n, vm.Stack(n));
    }

    // ---- Bitmap run-length coding (Bitmap>>compress:toByteArray:, decompress:fromByteArray:at:)
    //   The stream is S {N D}*: S the word count, N = run length * 4 + code, D by code:
    //   0 nothing, 1 one byte repeated in all 4 bytes of N words, 2 one word repeated N times,
    //   3 N literal words. S and N: 0-223 as one byte, 224-254 as (b-224)*256 + next byte,
    //   255 followed by 4 big-endian bytes. Data words are big-endian.

    private static int EncodeWord(uint word, byte[] ba, int i)
    {
        for (var j = 0; j < 4; j++) ba[i + j] = (byte)(word >> (24 - 8 * j));
        return i + 4;
    }

    private static int EncodeInt(long value, byte[] ba, int i)
    {
        if (value <= 223) { ba[i] = (byte)value; return i + 1; }
        if (value <= 7935) { ba[i] = (byte)((value >> 8) + 224); ba[i + 1] = (byte)(value & 255); return i + 2; }
        ba[i] = 255;
        return EncodeWord((uint)value, ba, i + 1);
    }

    /// <summary>The run-length encoding of <paramref name="bm"/>, as compressToByteArray writes it.</summary>
    public static byte[] Compress(uint[] bm)
    {
        // Worst case: 5 bytes for the size, then per junk run up to 5 bytes of N plus 4 per word.
        var ba = new byte[5 + bm.Length * 9 + 16];
        var length = CompressInto(bm, ba);
        return ba[..length];
    }

    /// <summary>Encodes <paramref name="bm"/> into <paramref name="ba"/> (0-based); answers the number of bytes written; throws IndexOutOfRange if ba is too small.</summary>
    private static int CompressInto(uint[] bm, byte[] ba)
    {
        var size = bm.Length;
        var i = EncodeInt(size, ba, 0);
        var k = 0;                                  // 0-based index of the next word to encode
        while (k < size)
        {
            var word = bm[k];
            var low = word & 255;
            var sameBytes = ((word >> 8) & 255) == low && ((word >> 16) & 255) == low && (word >> 24) == low;
            var j = k;                              // last index of the run of equal words
            while (j + 1 < size && bm[j + 1] == word) j++;
            if (j > k)
            {
                var run = j - k + 1;
                if (sameBytes) { i = EncodeInt(run * 4L + 1, ba, i); ba[i++] = (byte)low; }
                else { i = EncodeInt(run * 4L + 2, ba, i); i = EncodeWord(word, ba, i); }
                k = j + 1;
            }
            else if (sameBytes)
            {
                i = EncodeInt(1 * 4 + 1, ba, i);
                ba[i++] = (byte)low;
                k++;
            }
            else
            {
                // Literal words up to (not including) the start of the next run of equal words.
                var end = k;                        // exclusive end of the literal block
                while (end + 1 < size && bm[end] != bm[end + 1]) end++;
                if (end + 1 == size) end = size;
                i = EncodeInt((end - k) * 4L + 3, ba, i);
                for (var m = k; m < end; m++) i = EncodeWord(bm[m], ba, i);
                k = end;
            }
        }
        return i;
    }

    /// <summary>compress: bm toByteArray: ba — answers the (1-based) index of the last byte stored.</summary>
    public static bool CompressToByteArray(Interpreter vm, int n)
    {
        if (n != 2) return false;
        if (vm.Stack(1).Ref is not WordsObject bm || vm.Stack(0).Ref is not BytesObject ba) return vm.Fail(PrimErr.BadArgument);
        int length;
        try { length = CompressInto(bm.Words, ba.Bytes); }
        catch (IndexOutOfRangeException) { return vm.Fail(PrimErr.BadIndex); }
        return vm.Answer(n, (long)length);
    }

    /// <summary>Decodes the runs of <paramref name="ba"/> from 0-based <paramref name="index"/> into <paramref name="bm"/>; false on a stream that runs past either end.</summary>
    public static bool Decompress(uint[] bm, byte[] ba, int index)
    {
        var i = index;
        var k = 0;
        bool Next(out uint b)
        {
            if (i >= ba.Length) { b = 0; return false; }
            b = ba[i++];
            return true;
        }
        bool NextWord(out uint w)
        {
            w = 0;
            for (var j = 0; j < 4; j++)
            {
                if (!Next(out var b)) return false;
                w = (w << 8) | b;
            }
            return true;
        }
        while (i < ba.Length)
        {
            Next(out var value);
            if (value > 223)
            {
                if (value <= 254) { if (!Next(out var b)) return false; value = (value - 224) * 256 + b; }
                else if (!NextWord(out value)) return false;
            }
            var count = (int)(value >> 2);
            if ((long)k + count > bm.Length) return false;
            switch (value & 3)
            {
                case 0: break;                      // as the reference: no words are skipped
                case 1:
                {
                    if (!Next(out var b)) return false;
                    var data = b | (b << 8);
                    data |= data << 16;
                    bm.AsSpan(k, count).Fill(data);
                    k += count;
                    break;
                }
                case 2:
                {
                    if (!NextWord(out var data)) return false;
                    bm.AsSpan(k, count).Fill(data);
                    k += count;
                    break;
                }
                default:
                    for (var m = 0; m < count; m++)
                    {
                        if (!NextWord(out var data)) return false;
                        bm[k++] = data;
                    }
                    break;
            }
        }
        return true;
    }

    /// <summary>decompress: bm fromByteArray: ba at: index — fills the Bitmap from the run-coded bytes starting at index; answers the receiver.</summary>
    public static bool DecompressFromByteArray(Interpreter vm, int n)
    {
        if (n != 3) return false;
        if (vm.Stack(2).Ref is not WordsObject bm || vm.Stack(1).Ref is not BytesObject ba || !IntAt(vm, 0, out var index))
            return vm.Fail(PrimErr.BadArgument);
        if (index < 1) return vm.Fail(PrimErr.BadIndex);
        if (!Decompress(bm.Words, ba.Bytes, (int)Math.Min(index - 1, int.MaxValue))) return vm.Fail(PrimErr.BadIndex);
        return vm.Answer(n, vm.Stack(n));
    }

    /// <summary>convert8bitSignedFrom: aByteArray to16Bit: aSoundBuffer — each signed byte becomes a 16-bit sample (byte * 256); answers the receiver.</summary>
    public static bool Convert8BitSigned(Interpreter vm, int n)
    {
        if (n != 2) return false;
        var source = BytesAt(vm, 1);
        if (source is null) return vm.Fail(PrimErr.BadArgument);
        switch (vm.Stack(0).Ref)
        {
            case ShortsObject s:
                if (source.Length > s.Shorts.Length) return vm.Fail(PrimErr.BadIndex);
                for (var i = 0; i < source.Length; i++) s.Shorts[i] = (ushort)((sbyte)source[i] << 8);
                break;
            case WordsObject w:
                // A SoundBuffer: two 16-bit samples per word, the first in the low half (little-endian memory order).
                if (source.Length > w.Words.Length * 2L) return vm.Fail(PrimErr.BadIndex);
                for (var i = 0; i < source.Length; i++)
                {
                    var sample = (uint)(ushort)((sbyte)source[i] << 8);
                    var shift = (i & 1) * 16;
                    w.Words[i >> 1] = (w.Words[i >> 1] & ~(0xFFFFu << shift)) | (sample << shift);
                }
                break;
            default:
                return vm.Fail(PrimErr.BadArgument);
        }
        return vm.Answer(n, vm.Stack(n));
    }
}
