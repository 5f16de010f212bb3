using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Image;

/// <summary>
/// Reads Spur object memory (6521/7033 32-bit, 68021/68533 64-bit): 64-bit object headers
/// with a class index into the class table, overflow size words, segments joined by
/// bridges, hidden bookkeeping objects (class index below 32) and forwarders.
/// </summary>
internal sealed class SpurHeapReader(ImageBytes file, ImageFormat format, int prefix)
{
    internal const int FreeChunkClassIndex = 0;
    internal const int ForwardedClassIndex = 8;
    internal const int ClassTablePageClassIndex = 16;
    internal const int FirstVisibleClassIndex = 32;
    internal const int ClassTablePageSize = 1024;
    internal const int ClassTablePages = 4096;

    private readonly int ws = format.WordSize;

    private struct Record
    {
        public long BodyPos;
        public long NumSlots;
        public int ClassIndex;
        public byte Format;
        public int Hash;
        public ObjectFlags Flags;
        public int ObjectIndex; // index into objects, -1 for hidden ones
    }

    private readonly record struct Segment(long AddrStart, long AddrEnd, long FileStart);

    private Record[] records = new Record[1024];
    private int count;
    private int[] oopTable = [];   // (file offset of header - heap start) / 8  ->  record index + 1
    private readonly List<Segment> segments = [];
    private long heapStart;
    private SqObject[] objects = [];
    private int liveCount;

    public SqueakImage Read()
    {
        if (!file.LittleEndian) throw new ImageFormatException("big-endian Spur images are not supported");
        var headerSize = file.U32(prefix + 4);
        if (headerSize < 64 || headerSize > file.Length - prefix)
            throw new ImageFormatException($"image header size {headerSize} points past the end of the file");
        heapStart = prefix + headerSize;
        var f = new SpurHeaderFields(ws);
        var baseAddr = (long)file.Word(prefix + f.OldBaseAddr, ws);
        var specialOop = file.Word(prefix + f.SpecialObjects, ws);
        var firstSegment = (long)file.Word(prefix + f.FirstSegmentBytes, ws);
        if (baseAddr < 0 || baseAddr > 1L << 48) throw new ImageFormatException($"image is corrupt: implausible heap base address {baseAddr}");

        var heapBytes = ScanSegments(baseAddr, firstSegment);
        var nilRecord = LookupRecord((ulong)baseAddr);
        if (nilRecord < 0) throw new ImageFormatException("image is corrupt: no object at the start of the heap");
        var special = ResolveRecord(specialOop, "the special objects array");
        if (records[special].Format is < 1 or > 4 || records[special].NumSlots <= SpecialObjectIndex.ClassFloat)
            throw new ImageFormatException("image is corrupt: the special objects array is not an array");
        var classTable = ReadClassTable(nilRecord);
        var floatClass = ResolveRecord(SlotWord(special, SpecialObjectIndex.ClassFloat), "the Float class");
        CreateObjects(classTable, floatClass);
        FillObjects(classTable);

        var table = new Dictionary<int, SqObject>(classTable.Count);
        foreach (var (index, rec) in classTable) table[index] = objects[records[rec].ObjectIndex];
        var specials = objects[records[special].ObjectIndex] as PointersObject
            ?? throw new ImageFormatException("image is corrupt: the special objects array is not an array");
        var last = segments[^1];
        return new SqueakImage
        {
            Format = format,
            LittleEndian = true,
            FilePrefix = file.Slice(0, prefix),
            Header = file.Slice(prefix, headerSize),
            HeapBytes = heapBytes,
            OldBaseAddress = baseAddr,
            SegmentCount = segments.Count,
            TrailingBytes = file.Length - (last.FileStart + (last.AddrEnd - last.AddrStart)),
            SpecialObjects = specials,
            Objects = new List<SqObject>(objects),
            ClassTable = table,
            FreeListSlots = FreeListSlotCount(),
        };
    }

    private long ScanSegments(long baseAddr, long segmentBytes)
    {
        oopTable = new int[(file.Length - heapStart) / 8 + 1];
        var pos = heapStart;
        var addr = baseAddr;
        long total = 0;
        while (true)
        {
            if (segmentBytes < 16 || segmentBytes > file.Length - pos)
                throw new ImageFormatException($"image is truncated: a heap segment of {segmentBytes} bytes does not fit in the file");
            var segEnd = pos + segmentBytes;
            segments.Add(new Segment(addr, addr + segmentBytes, pos));
            ScanObjects(pos, segEnd - 16);
            total += segmentBytes;
            var bridge = file.U64(segEnd - 16);
            var next = (long)file.U64(segEnd - 8);
            if (next == 0) break;
            var gap = (bridge >> 56) == 0xFF ? (long)(ws == 8 ? bridge & 0x00FF_FFFF_FFFF_FFFF : bridge & 0xFFFF_FFFF) * ws : 0;
            if (gap < 0 || gap > 1L << 48) throw new ImageFormatException("image is corrupt: a segment bridge spans an implausible gap");
            addr += segmentBytes + gap;
            pos = segEnd;
            segmentBytes = next;
        }
        return total;
    }

    private void ScanObjects(long pos, long end)
    {
        while (pos < end)
        {
            var header = file.U64(pos);
            long numSlots = (long)(header >> 56);
            if (numSlots == 255)
            {
                numSlots = ws == 8 ? (long)(header & 0x00FF_FFFF_FFFF_FFFF) : (long)(header & 0xFFFF_FFFF);
                pos += 8;
                if (pos >= end) throw Overflow(pos);
                header = file.U64(pos);
                if ((header >> 56) != 255) throw new ImageFormatException($"image is corrupt: bad overflow header at heap offset {pos - heapStart}");
            }
            var bodyWords = numSlots == 0 ? 8 / ws : (numSlots * ws + 7) / 8 * 8 / ws;
            if (numSlots > (end - pos) / ws || pos + 8 + bodyWords * ws > end) throw Overflow(pos);
            if (count == records.Length) Array.Resize(ref records, count * 2);
            var classIndex = (int)(header & 0x3F_FFFF);
            records[count] = new Record
            {
                BodyPos = pos + 8,
                NumSlots = numSlots,
                ClassIndex = classIndex,
                Format = (byte)((header >> 24) & 0x1F),
                Hash = (int)((header >> 32) & 0x3F_FFFF),
                Flags = (((header >> 31) & 1) != 0 ? ObjectFlags.Immutable : ObjectFlags.None)
                      | (((header >> 29) & 1) != 0 ? ObjectFlags.Pinned : ObjectFlags.None),
                ObjectIndex = classIndex >= FirstVisibleClassIndex ? liveCount++ : -1,
            };
            oopTable[(pos - heapStart) / 8] = ++count;
            pos += 8 + bodyWords * ws;
        }
        if (pos != end) throw Overflow(pos);
    }

    private ImageFormatException Overflow(long pos) =>
        new($"image is corrupt: the object at heap offset {pos - heapStart} overflows its segment");

    private int LookupRecord(ulong oop)
    {
        if ((oop & 7) != 0) return -1;
        foreach (var s in segments)
        {
            if ((long)oop < s.AddrStart || (long)oop >= s.AddrEnd) continue;
            var index = ((long)oop - s.AddrStart + s.FileStart - heapStart) / 8;
            return index < oopTable.Length ? oopTable[index] - 1 : -1;
        }
        return -1;
    }

    /// <summary>Finds the record an oop names, following forwarders.</summary>
    private int ResolveRecord(ulong oop, string what)
    {
        for (var hops = 0; hops < 64; hops++)
        {
            var r = LookupRecord(oop);
            if (r < 0) throw new ImageFormatException($"image is corrupt: {what} (oop {oop}) points to nowhere");
            if (records[r].ClassIndex != ForwardedClassIndex) return r;
            if (records[r].NumSlots < 1) throw new ImageFormatException("image is corrupt: a forwarder has no target");
            oop = SlotWord(r, 0);
        }
        throw new ImageFormatException("image is corrupt: a chain of forwarders does not end");
    }

    private ulong SlotWord(int rec, long index) => file.Word(records[rec].BodyPos + index * ws, ws);

    private Dictionary<int, int> ReadClassTable(int nilRecord)
    {
        var root = -1;
        for (var i = 0; i < count && i < 16; i++)
            if (records[i].ClassIndex == ClassTablePageClassIndex) { root = i; break; }
        if (root < 0 || records[root].NumSlots < ClassTablePages)
            throw new ImageFormatException("image is corrupt: the class table is missing");
        var table = new Dictionary<int, int>();
        for (var p = 0; p < ClassTablePages; p++)
        {
            var pageOop = SlotWord(root, p);
            if ((pageOop & 7) != 0) throw new ImageFormatException("image is corrupt: a class table page is not an object");
            var page = ResolveRecord(pageOop, "a class table page");
            if (page == nilRecord) continue;
            if (records[page].NumSlots != ClassTablePageSize) throw new ImageFormatException("image is corrupt: a class table page has the wrong size");
            for (var i = 0; i < ClassTablePageSize; i++)
            {
                var entry = SlotWord(page, i);
                if ((entry & 7) != 0) continue;
                var cls = ResolveRecord(entry, "a class table entry");
                if (cls == nilRecord || records[cls].ObjectIndex < 0) continue;
                table[p * ClassTablePageSize + i] = cls;
            }
        }
        return table;
    }

    private int FreeListSlotCount()
    {
        for (var i = 0; i < count && i < 8; i++)
            if (records[i].ClassIndex is > 16 and < FirstVisibleClassIndex) return (int)records[i].NumSlots;
        return ws * 8;
    }

    private void CreateObjects(Dictionary<int, int> classTable, int floatClass)
    {
        objects = new SqObject[liveCount];
        for (var i = 0; i < count; i++)
        {
            ref var r = ref records[i];
            if (r.ObjectIndex < 0) continue;
            if (!classTable.TryGetValue(r.ClassIndex, out var cls))
                throw new ImageFormatException($"image is corrupt: an object has class index {r.ClassIndex}, which the class table does not hold");
            var bytes = r.NumSlots * ws;
            SqObject obj = r.Format switch
            {
                <= 5 => new PointersObject(null!, r.Hash, r.Format, new Value[r.NumSlots]),
                9 or 10 when cls == floatClass && bytes == 8 => new FloatObject(null!, r.Hash, r.Format, BitConverter.Int64BitsToDouble((long)file.U64(r.BodyPos))),
                9 => new LongsObject(null!, r.Hash, r.Format, ReadLongs(r.BodyPos, bytes / 8)),
                10 or 11 => new WordsObject(null!, r.Hash, 10, ReadWords(r.BodyPos, bytes / 4 - (r.Format & 1))),
                >= 12 and <= 15 => new ShortsObject(null!, r.Hash, 12, ReadShorts(r.BodyPos, bytes / 2 - (r.Format & 3))),
                >= 16 and <= 23 => new BytesObject(null!, r.Hash, 16, file.Slice(r.BodyPos, bytes - (r.Format & 7))),
                >= 24 => CreateMethod(r),
                _ => throw new ImageFormatException($"image is corrupt: an object has unknown format {r.Format}"),
            };
            obj.Flags = r.Flags;
            objects[r.ObjectIndex] = obj;
        }
    }

    private CompiledMethodObject CreateMethod(in Record r)
    {
        if (r.NumSlots < 1) throw new ImageFormatException("image is corrupt: a CompiledMethod has no header");
        var header = DecodeImmediate(file.Word(r.BodyPos, ws));
        if (!header.IsSmallInt) throw new ImageFormatException("image is corrupt: a CompiledMethod header is not a SmallInteger");
        var numLits = new MethodHeader(header.SmallIntValue, true).NumLiterals;
        var byteCount = (r.NumSlots - 1 - numLits) * ws - (r.Format & 7);
        if (byteCount < 0) throw new ImageFormatException("image is corrupt: a CompiledMethod has more literals than slots");
        var bytes = file.Slice(r.BodyPos + ws * (1L + numLits), byteCount);
        return new CompiledMethodObject(null!, r.Hash, 24, header, new Value[numLits], bytes);
    }

    private uint[] ReadWords(long pos, long n)
    {
        if (n < 0) throw new ImageFormatException("image is corrupt: a word object has a negative size");
        var words = new uint[n];
        for (var i = 0; i < n; i++) words[i] = file.U32(pos + 4 * i);
        return words;
    }

    private ushort[] ReadShorts(long pos, long n)
    {
        if (n < 0) throw new ImageFormatException("image is corrupt: a 16-bit object has a negative size");
        var shorts = new ushort[n];
        for (var i = 0; i < n; i++) shorts[i] = file.U16(pos + 2 * i);
        return shorts;
    }

    private ulong[] ReadLongs(long pos, long n)
    {
        var longs = new ulong[n];
        for (var i = 0; i < n; i++) longs[i] = file.U64(pos + 8 * i);
        return longs;
    }

    private void FillObjects(Dictionary<int, int> classTable)
    {
        for (var i = 0; i < count; i++)
        {
            ref var r = ref records[i];
            if (r.ObjectIndex < 0) continue;
            var obj = objects[r.ObjectIndex];
            obj.Class = objects[records[classTable[r.ClassIndex]].ObjectIndex];
            switch (obj)
            {
                case PointersObject p:
                    for (var s = 0; s < p.Slots.Length; s++) p.Slots[s] = Decode(file.Word(r.BodyPos + (long)ws * s, ws));
                    break;
                case CompiledMethodObject m:
                    for (var s = 0; s < m.Literals.Length; s++) m.Literals[s] = Decode(file.Word(r.BodyPos + (long)ws * (s + 1), ws));
                    break;
            }
        }
    }

    private Value Decode(ulong word)
    {
        if ((word & 7) != 0 && !(ws == 4 && (word & 3) == 0)) return DecodeImmediate(word);
        var r = ResolveRecord(word, "a pointer");
        if (records[r].ObjectIndex < 0)
            throw new ImageFormatException($"image is corrupt: a pointer (oop {word}) refers to a hidden object");
        return Value.Object(objects[records[r].ObjectIndex]);
    }

    private Value DecodeImmediate(ulong word)
    {
        if (ws == 4)
        {
            if ((word & 1) != 0) return Value.SmallInt((int)(uint)word >> 1);
            if ((word & 3) == 2) return Value.Char((uint)word >> 2);
            throw new ImageFormatException($"image is corrupt: {word} is not an immediate");
        }
        switch (word & 7)
        {
            case 1: return Value.SmallInt((long)word >> 3);
            case 2: return Value.Char((uint)(word >> 3));
            case 4: return Value.SmallFloat(SmallFloat64.Decode(word));
            default: throw new ImageFormatException($"image is corrupt: {word} is not an immediate");
        }
    }
}
