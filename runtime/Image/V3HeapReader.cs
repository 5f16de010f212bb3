using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Image;

/// <summary>
/// Reads the pre-Spur object memory (formats 6502/6504/6505): objects with 1-, 2- or
/// 3-word headers, compact classes named by index, SmallIntegers tagged in bit 0.
/// Big-endian files swap every word except the contents of byte objects.
/// </summary>
internal sealed class V3HeapReader(ImageBytes file, ImageFormat format, int prefix)
{
    private const int ShortHeader = 3, ClassHeader = 1, SizeAndClassHeader = 0, FreeBlock = 2;

    private struct Record
    {
        public int BodyPos;      // file offset of the first body word
        public int BodyWords;
        public uint ClassOop;    // 0 when the class is compact
        public byte CompactIndex;
        public byte Format;
        public int Hash;
    }

    private Record[] records = new Record[1024];
    private int count;
    private int[] oopTable = [];   // (oop - base) / 4  ->  record index + 1
    private long heapStart, heapEnd, baseAddr;
    private SqObject[] objects = [];

    public SqueakImage Read()
    {
        var headerSize = file.U32(prefix + 4);
        var endOfMemory = file.U32(prefix + 8);
        baseAddr = file.U32(prefix + 12);
        var specialOop = file.U32(prefix + 16);
        if (headerSize < 64 || headerSize > file.Length - prefix)
            throw new ImageFormatException($"image header size {headerSize} points past the end of the file");
        heapStart = prefix + headerSize;
        heapEnd = heapStart + endOfMemory;
        if (heapEnd > file.Length)
            throw new ImageFormatException($"image is truncated: the header promises {endOfMemory} heap bytes but the file holds {file.Length - heapStart}");

        ScanHeaders();
        var special = Resolve(specialOop, "the special objects array");
        if (records[special].Format is < 1 or > 4 || records[special].BodyWords <= SpecialObjectIndex.CompactClasses)
            throw new ImageFormatException("image is corrupt: the special objects array is not an array");
        var compact = ReadCompactClasses(special);
        var floatClass = Resolve(RawWord(special, SpecialObjectIndex.ClassFloat), "the Float class");
        CreateObjects(compact, floatClass);
        FillObjects();

        var header = file.Slice(prefix, headerSize);
        var specials = objects[special] as PointersObject
            ?? throw new ImageFormatException("image is corrupt: the special objects array is not an array");
        return new SqueakImage
        {
            Format = format,
            LittleEndian = file.LittleEndian,
            FilePrefix = file.Slice(0, prefix),
            Header = header,
            HeapBytes = endOfMemory,
            OldBaseAddress = baseAddr,
            SegmentCount = 1,
            TrailingBytes = file.Length - heapEnd,
            SpecialObjects = specials,
            Objects = new List<SqObject>(objects),
        };
    }

    private void ScanHeaders()
    {
        oopTable = new int[(heapEnd - heapStart) / 4 + 1];
        var pos = heapStart;
        while (pos < heapEnd)
        {
            var w = file.U32(pos);
            Record r = default;
            long basePos;
            uint baseHeader;
            int totalWords;
            switch (w & 3)
            {
                case SizeAndClassHeader:
                    if (pos + 12 > heapEnd) throw Overflow(pos);
                    totalWords = (int)(w >> 2);
                    r.ClassOop = file.U32(pos + 4) & ~3u;
                    basePos = pos + 8;
                    baseHeader = file.U32(basePos);
                    if ((file.U32(pos + 4) & 3) != SizeAndClassHeader || (baseHeader & 3) != SizeAndClassHeader) throw BadHeader(pos);
                    break;
                case ClassHeader:
                    if (pos + 8 > heapEnd) throw Overflow(pos);
                    r.ClassOop = w & ~3u;
                    basePos = pos + 4;
                    baseHeader = file.U32(basePos);
                    if ((baseHeader & 3) != ClassHeader) throw BadHeader(pos);
                    totalWords = (int)((baseHeader >> 2) & 63);
                    break;
                case ShortHeader:
                    basePos = pos;
                    baseHeader = w;
                    totalWords = (int)((baseHeader >> 2) & 63);
                    break;
                default: // a free block left in the heap: skip it
                    var freeBytes = w & ~3u;
                    if (freeBytes == 0 || pos + freeBytes > heapEnd) throw Overflow(pos);
                    pos += freeBytes;
                    continue;
            }
            r.CompactIndex = (byte)((baseHeader >> 12) & 31);
            if ((w & 3) == ShortHeader && r.CompactIndex == 0)
                throw new ImageFormatException($"image is corrupt: object at heap offset {pos - heapStart} has neither a class nor a compact class index");
            if (totalWords < 1) throw BadHeader(pos);
            r.Format = (byte)((baseHeader >> 8) & 15);
            r.Hash = (int)((baseHeader >> 17) & 0xFFF);
            r.BodyPos = (int)(basePos + 4);
            r.BodyWords = totalWords - 1;
            if (r.BodyPos + 4L * r.BodyWords > heapEnd) throw Overflow(pos);
            if (r.ClassOop != 0) r.CompactIndex = 0;

            if (count == records.Length) Array.Resize(ref records, count * 2);
            records[count] = r;
            oopTable[(basePos - heapStart) / 4] = ++count;
            pos = r.BodyPos + 4L * r.BodyWords;
        }
        if (count == 0) throw new ImageFormatException("image is corrupt: the heap holds no objects");
    }

    private ImageFormatException Overflow(long pos) =>
        new($"image is corrupt: the object at heap offset {pos - heapStart} overflows the heap");

    private ImageFormatException BadHeader(long pos) =>
        new($"image is corrupt: bad object header at heap offset {pos - heapStart}");

    private uint RawWord(int rec, int index) => file.U32(records[rec].BodyPos + 4L * index);

    private int Resolve(uint oop, string what)
    {
        var i = Lookup(oop);
        if (i < 0) throw new ImageFormatException($"image is corrupt: {what} (oop {oop}) points to nowhere");
        return i;
    }

    private int Lookup(uint oop)
    {
        var offset = (long)oop - baseAddr;
        if ((oop & 3) != 0 || offset < 0 || offset / 4 >= oopTable.Length) return -1;
        return oopTable[offset / 4] - 1;
    }

    private int[] ReadCompactClasses(int special)
    {
        var cc = Resolve(RawWord(special, SpecialObjectIndex.CompactClasses), "the compact classes array");
        var nilIndex = Resolve(RawWord(special, SpecialObjectIndex.Nil), "nil");
        var n = Math.Min(records[cc].BodyWords, 31);
        var result = new int[32];
        Array.Fill(result, -1);
        for (var i = 0; i < n; i++)
        {
            var word = RawWord(cc, i);
            if ((word & 1) != 0) continue;
            var c = Lookup(word);
            if (c >= 0 && c != nilIndex) result[i + 1] = c;
        }
        return result;
    }

    private void CreateObjects(int[] compact, int floatClass)
    {
        objects = new SqObject[count];
        var floatHighWordFirst = !(format.NativeFloatOrder && file.LittleEndian);
        for (var i = 0; i < count; i++)
        {
            ref var r = ref records[i];
            var cls = r.ClassOop != 0 ? Lookup(r.ClassOop) : compact[r.CompactIndex];
            if (cls < 0)
                throw new ImageFormatException($"image is corrupt: object {i} has a class that points to nowhere");
            r.ClassOop = (uint)cls; // from here on: the record index of the class
            objects[i] = r.Format switch
            {
                <= 4 => new PointersObject(null!, r.Hash, r.Format, new Value[r.BodyWords]),
                6 when cls == floatClass && r.BodyWords == 2 => new FloatObject(null!, r.Hash, r.Format, DecodeFloat(r.BodyPos, floatHighWordFirst)),
                6 => new WordsObject(null!, r.Hash, r.Format, ReadWords(r.BodyPos, r.BodyWords)),
                >= 8 and <= 11 => new BytesObject(null!, r.Hash, 8, file.Slice(r.BodyPos, 4L * r.BodyWords - (r.Format & 3))),
                >= 12 => CreateMethod(r),
                _ => throw new ImageFormatException($"image is corrupt: object {i} has unknown format {r.Format}"),
            };
        }
    }

    private CompiledMethodObject CreateMethod(in Record r)
    {
        if (r.BodyWords < 1) throw new ImageFormatException("image is corrupt: a CompiledMethod has no header");
        var headerWord = file.U32(r.BodyPos);
        if ((headerWord & 1) == 0) throw new ImageFormatException("image is corrupt: a CompiledMethod header is not a SmallInteger");
        var header = Value.SmallInt((int)headerWord >> 1);
        var numLits = new MethodHeader(header.SmallIntValue, false).NumLiterals;
        var byteCount = 4L * (r.BodyWords - 1 - numLits) - (r.Format & 3);
        if (byteCount < 0) throw new ImageFormatException("image is corrupt: a CompiledMethod has more literals than words");
        var bytes = file.Slice(r.BodyPos + 4L * (1 + numLits), byteCount);
        return new CompiledMethodObject(null!, r.Hash, 12, header, new Value[numLits], bytes);
    }

    private uint[] ReadWords(int pos, int n)
    {
        var words = new uint[n];
        for (var i = 0; i < n; i++) words[i] = file.U32(pos + 4L * i);
        return words;
    }

    private double DecodeFloat(int pos, bool highWordFirst)
    {
        ulong w0 = file.U32(pos), w1 = file.U32(pos + 4);
        var bits = highWordFirst ? (w0 << 32) | w1 : (w1 << 32) | w0;
        return BitConverter.Int64BitsToDouble((long)bits);
    }

    private void FillObjects()
    {
        for (var i = 0; i < count; i++)
        {
            ref var r = ref records[i];
            var obj = objects[i];
            obj.Class = objects[r.ClassOop];
            switch (obj)
            {
                case PointersObject p:
                    for (var s = 0; s < p.Slots.Length; s++) p.Slots[s] = Decode(file.U32(r.BodyPos + 4L * s));
                    break;
                case CompiledMethodObject m:
                    for (var s = 0; s < m.Literals.Length; s++) m.Literals[s] = Decode(file.U32(r.BodyPos + 4L * (s + 1)));
                    break;
            }
        }
    }

    private Value Decode(uint word)
    {
        if ((word & 1) != 0) return Value.SmallInt((int)word >> 1);
        var i = Lookup(word);
        if (i < 0) throw new ImageFormatException($"image is corrupt: a pointer (oop {word}) points to nowhere");
        return Value.Object(objects[i]);
    }
}
