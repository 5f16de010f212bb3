using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Image;

/// <summary>
/// Writes Spur object memory as one segment: nil, false, true, an empty free-lists object,
/// the class table (root plus pages, rebuilt from the classes the heap uses), then every
/// other object, then the terminating bridge.
/// </summary>
internal sealed class SpurHeapWriter(SqueakImage image, List<SqObject> objects, SpurSegmentLayout? segmentLayout = null)
{
    private const int BridgeBytes = 16;
    private const int HiddenRootSlots = 8;
    private const int FirstFreeClassIndex = 1024; // the first page belongs to the VM's known classes
    private const int MaxClassIndex = 0x3F_FFFF;
    private const int ArrayFormat = 2;
    private const ulong NumSlotsOverflow = 0xFFUL << 56;

    private readonly int ws = image.WordSize;
    private readonly Dictionary<SqObject, ulong> oops = new(objects.Count, ReferenceEqualityComparer.Instance);
    private readonly SortedDictionary<int, SqObject> classTable = new();
    private readonly Dictionary<SqObject, int> classIndex = new(ReferenceEqualityComparer.Instance);
    /// <summary>File offsets (from the heap start) of the bridges that end all but the last segment.</summary>
    private readonly List<long> bridges = [];
    private readonly long gapBytes = segmentLayout?.GapBytes ?? 0;
    /// <summary>Address minus file offset: grows by the gap at every bridge.</summary>
    private long addressDelta;

    private int WordsClassIndexPun => ws == 8 ? 19 : 18;
    private int WordsFormat => ws == 8 ? 9 : 10;

    public byte[] Write()
    {
        BuildClassTable();
        var numPages = classTable.Keys.Max() / SpurHeapReader.ClassTablePageSize + 1;

        // Layout: addresses first, so that every pointer can be encoded in one pass.
        long offset = 0;
        var firstThree = objects.Take(3).ToList();
        foreach (var o in firstThree) offset = Place(o, offset);
        offset += ObjectBytes(image.FreeListSlots);
        offset += ObjectBytes(SpurHeapReader.ClassTablePages + HiddenRootSlots);
        var pageOops = new ulong[numPages];
        for (var p = 0; p < numPages; p++)
        {
            pageOops[p] = Address(offset + 8); // pages have an overflow word before their header
            offset += ObjectBytes(SpurHeapReader.ClassTablePageSize);
        }
        var segmentStart = 0L;
        foreach (var o in objects.Skip(3))
        {
            if (segmentLayout is { } layout && offset > segmentStart && offset - segmentStart + ObjectBytes(Layout(o).NumSlots) + BridgeBytes > layout.MaxSegmentBytes)
            {
                bridges.Add(offset);
                offset += BridgeBytes;
                segmentStart = offset;
                addressDelta += gapBytes;
            }
            offset = Place(o, offset);
        }
        var heapBytes = offset + BridgeBytes;
        var firstSegmentBytes = bridges.Count > 0 ? bridges[0] + BridgeBytes : heapBytes;

        var prefix = image.FilePrefix.Length;
        var output = new ImageOutput(prefix + image.HeaderSize + heapBytes, true);
        output.Bytes(image.FilePrefix);
        output.Bytes(image.Header);
        var f = new SpurHeaderFields(ws);
        output.PatchWord(prefix + f.EndOfMemory, (ulong)heapBytes, ws);
        output.PatchWord(prefix + f.SpecialObjects, oops[image.SpecialObjects], ws);
        output.PatchWord(prefix + f.FirstSegmentBytes, (ulong)firstSegmentBytes, ws);
        output.PatchWord(prefix + f.FreeOldSpace, 0, ws);

        var nilOop = oops[image.Nil];
        foreach (var o in firstThree) WriteObject(output, o);
        WriteHeader(output, image.FreeListSlots, WordsClassIndexPun, WordsFormat, 0);
        WriteZeros(output, image.FreeListSlots);
        WriteHeader(output, SpurHeapReader.ClassTablePages + HiddenRootSlots, SpurHeapReader.ClassTablePageClassIndex, ArrayFormat, 0);
        for (var p = 0; p < SpurHeapReader.ClassTablePages + HiddenRootSlots; p++)
            output.Word(p < numPages ? pageOops[p] : nilOop, ws);
        Pad(output, SpurHeapReader.ClassTablePages + HiddenRootSlots);
        for (var p = 0; p < numPages; p++)
        {
            WriteHeader(output, SpurHeapReader.ClassTablePageSize, SpurHeapReader.ClassTablePageClassIndex, ArrayFormat, 0);
            for (var i = 0; i < SpurHeapReader.ClassTablePageSize; i++)
                output.Word(classTable.TryGetValue(p * SpurHeapReader.ClassTablePageSize + i, out var c) ? oops[c] : nilOop, ws);
        }
        var heapStart = prefix + image.HeaderSize;
        var nextBridge = 0;
        foreach (var o in objects.Skip(3))
        {
            if (nextBridge < bridges.Count && output.Pos - heapStart == bridges[nextBridge])
            {
                // A bridge spans the address gap to the next segment; its second word is that segment's size.
                var nextEnd = nextBridge + 1 < bridges.Count ? bridges[nextBridge + 1] + BridgeBytes : heapBytes;
                output.U64(gapBytes > 0 ? NumSlotsOverflow | (ulong)(gapBytes / ws) : 0);
                output.U64((ulong)(nextEnd - (bridges[nextBridge] + BridgeBytes)));
                nextBridge++;
            }
            WriteObject(output, o);
        }
        // The terminating bridge: a marked zero-slot pseudo-object and a next-segment size of 0.
        output.U64(0x0080_0000_4A00_0003UL);
        output.U64(0);
        if (output.Pos != output.Data.Length) throw new InvalidOperationException("Spur writer: size mismatch");
        return output.Data;
    }

    private ulong Address(long offset) => (ulong)(image.OldBaseAddress + offset + addressDelta);

    /// <summary>Assigns the object's oop (its base header, after any overflow word) and answers the next free offset.</summary>
    private long Place(SqObject o, long offset)
    {
        var n = Layout(o).NumSlots;
        oops[o] = Address(offset + (n >= 255 ? 8 : 0));
        return offset + ObjectBytes(n);
    }

    private long ObjectBytes(long numSlots) => (numSlots >= 255 ? 8 : 0) + 8 + BodyBytes(numSlots);

    private long BodyBytes(long numSlots) => numSlots == 0 ? 8 : (numSlots * ws + 7) / 8 * 8;

    private void BuildClassTable()
    {
        var reachable = new HashSet<SqObject>(objects, ReferenceEqualityComparer.Instance);
        foreach (var (index, cls) in image.ClassTable)
        {
            if (!reachable.Contains(cls)) continue;
            classTable[index] = cls;
            // Indices below 32 are the VM's puns (hidden objects); a class listed there too (Float at
            // 4 and 34 in CodeParadise's kernel) must stamp its instances with its visible index.
            if (index < SpurHeapReader.FirstVisibleClassIndex) continue;
            if (!classIndex.ContainsKey(cls) || index == cls.Hash) classIndex[cls] = index;
        }
        var next = FirstFreeClassIndex;
        foreach (var o in objects)
        {
            var cls = o.Class;
            if (classIndex.ContainsKey(cls)) continue;
            int index;
            if (cls.Hash >= SpurHeapReader.FirstVisibleClassIndex && !classTable.ContainsKey(cls.Hash)) index = cls.Hash;
            else
            {
                while (classTable.ContainsKey(next)) next++;
                if (next > MaxClassIndex) throw new InvalidOperationException("the class table is full");
                index = next;
                cls.Hash = index; // in Spur a class's identity hash is its class index
            }
            classTable[index] = cls;
            classIndex[cls] = index;
        }
    }

    private (long NumSlots, int Format) Layout(SqObject o) => o switch
    {
        PointersObject p => (p.Slots.Length, o.Format),
        BytesObject b => Packed(b.Bytes.Length, 1, 16, 7),
        ShortsObject s => Packed(s.Shorts.Length, 2, 12, 3),
        WordsObject w => Packed(w.Words.Length, 4, 10, 1),
        LongsObject l => (l.Longs.Length * 8L / ws, 9),
        FloatObject => (8 / ws, o.Format is 9 or 10 ? o.Format : WordsFormat),
        CompiledMethodObject m => (1 + m.Literals.Length + (m.Bytes.Length + ws - 1) / ws, 24 + (ws - m.Bytes.Length % ws) % ws),
        _ => throw new InvalidOperationException($"unknown object kind {o.Kind}"),
    };

    /// <summary>Slots and format for n elements of elementBytes each; the format's low bits count the unused elements.</summary>
    private (long, int) Packed(long n, int elementBytes, int baseFormat, int mask)
    {
        var perWord = ws / elementBytes;
        var slots = (n + perWord - 1) / perWord;
        var unused = (int)(slots * perWord - n);
        return (slots, baseFormat + (unused & mask));
    }

    private void WriteHeader(ImageOutput output, long numSlots, int cls, int format, int hash, ObjectFlags flags = ObjectFlags.None)
    {
        if (numSlots >= 255) output.U64(NumSlotsOverflow | (ulong)numSlots);
        var header = (ulong)(uint)cls | ((ulong)(uint)format << 24) | ((ulong)(uint)(hash & 0x3F_FFFF) << 32)
                     | ((ulong)Math.Min(numSlots, 255) << 56);
        if (flags.HasFlag(ObjectFlags.Immutable)) header |= 1UL << 31;
        if (flags.HasFlag(ObjectFlags.Pinned)) header |= 1UL << 29;
        output.U64(header);
    }

    private void WriteZeros(ImageOutput output, long numSlots) => output.Skip(BodyBytes(numSlots));

    private void Pad(ImageOutput output, long numSlots) => output.Skip(BodyBytes(numSlots) - numSlots * ws);

    private void WriteObject(ImageOutput output, SqObject o)
    {
        var (numSlots, format) = Layout(o);
        WriteHeader(output, numSlots, classIndex[o.Class], format, o.Hash, o.Flags);
        var bodyStart = output.Pos;
        switch (o)
        {
            case PointersObject p:
                foreach (var v in p.Slots) output.Word(Encode(v), ws);
                break;
            case BytesObject b:
                output.Bytes(b.Bytes);
                break;
            case ShortsObject s:
                foreach (var x in s.Shorts) output.U16(x);
                break;
            case WordsObject w:
                foreach (var x in w.Words) output.U32(x);
                break;
            case LongsObject l:
                foreach (var x in l.Longs) output.U64(x);
                break;
            case FloatObject f:
                output.U64((ulong)BitConverter.DoubleToInt64Bits(f.Value));
                break;
            case CompiledMethodObject m:
                output.Word(Encode(m.Header), ws);
                foreach (var v in m.Literals) output.Word(Encode(v), ws);
                output.Bytes(m.Bytes);
                break;
        }
        output.Pos = bodyStart + BodyBytes(numSlots);
    }

    private ulong Encode(Value v)
    {
        if (v.IsObject) return oops[v.Obj];
        if (v.IsSmallInt)
        {
            var bits = ws == 8 ? 61 : 31;
            if (v.SmallIntValue < -(1L << (bits - 1)) || v.SmallIntValue >= 1L << (bits - 1))
                throw new InvalidOperationException($"{v.SmallIntValue} does not fit a {bits}-bit SmallInteger");
            return ws == 8 ? ((ulong)v.SmallIntValue << 3) | 1 : (uint)(((ulong)v.SmallIntValue << 1) | 1);
        }
        if (v.IsChar) return ws == 8 ? ((ulong)v.CharValue << 3) | 2 : ((ulong)v.CharValue << 2) | 2;
        if (ws == 8) return SmallFloat64.Encode(v.SmallFloatValue);
        throw new InvalidOperationException("a 32-bit Spur image has no immediate floats");
    }
}
