using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Image;

/// <summary>Writes V3 object memory: the reverse of <see cref="V3HeapReader"/>.</summary>
internal sealed class V3HeapWriter(SqueakImage image, List<SqObject> objects)
{
    private const int MaxShortSizeWords = 63;
    private const int EndOfMemoryField = 8, SpecialObjectsField = 16;

    private readonly Dictionary<SqObject, uint> oops = new(objects.Count, ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SqObject, int> compactIndex = new(ReferenceEqualityComparer.Instance);

    public byte[] Write()
    {
        FindCompactClasses();
        long offset = 0;
        foreach (var o in objects)
        {
            var (headerWords, bodyWords) = Layout(o);
            oops[o] = checked((uint)(image.OldBaseAddress + offset + 4 * (headerWords - 1)));
            offset += 4L * (headerWords + bodyWords);
        }
        var prefix = image.FilePrefix.Length;
        var output = new ImageOutput(prefix + image.HeaderSize + offset, image.LittleEndian);
        output.Bytes(image.FilePrefix);
        output.Bytes(image.Header);
        output.PatchWord(prefix + EndOfMemoryField, (ulong)offset, 4);
        output.PatchWord(prefix + SpecialObjectsField, oops[image.SpecialObjects], 4);
        foreach (var o in objects) WriteObject(output, o);
        return output.Data;
    }

    private void FindCompactClasses()
    {
        var cc = image.Special(SpecialObjectIndex.CompactClasses);
        if (!cc.IsObject || cc.Obj is not PointersObject array) return;
        for (var i = 0; i < array.Slots.Length && i < 31; i++)
            if (array.Slots[i].IsObject && !ReferenceEquals(array.Slots[i].Obj, image.Nil))
                compactIndex.TryAdd(array.Slots[i].Obj, i + 1);
    }

    private (int HeaderWords, int BodyWords) Layout(SqObject o)
    {
        var body = BodyWords(o);
        var total = body + 1;
        var headerWords = total > MaxShortSizeWords ? 3 : compactIndex.ContainsKey(o.Class) ? 1 : 2;
        return (headerWords, body);
    }

    private static int BodyWords(SqObject o) => o switch
    {
        PointersObject p => p.Slots.Length,
        WordsObject w => w.Words.Length,
        FloatObject => 2,
        BytesObject b => (b.Bytes.Length + 3) / 4,
        CompiledMethodObject m => 1 + m.Literals.Length + (m.Bytes.Length + 3) / 4,
        _ => throw new InvalidOperationException($"a V3 image cannot hold a {o.Kind} object"),
    };

    private int FormatOf(SqObject o) => o switch
    {
        PointersObject => o.Format,
        WordsObject or FloatObject => 6,
        BytesObject b => 8 + (4 - b.Bytes.Length % 4) % 4,
        CompiledMethodObject m => 12 + (4 - m.Bytes.Length % 4) % 4,
        _ => throw new InvalidOperationException($"a V3 image cannot hold a {o.Kind} object"),
    };

    private void WriteObject(ImageOutput output, SqObject o)
    {
        var (headerWords, bodyWords) = Layout(o);
        var total = bodyWords + 1;
        compactIndex.TryGetValue(o.Class, out var cc);
        var type = headerWords switch { 1 => 3u, 2 => 1u, _ => 0u };
        var sizeField = total <= MaxShortSizeWords ? (uint)total : 0;
        var baseHeader = ((uint)(o.Hash & 0xFFF) << 17) | ((uint)cc << 12) | ((uint)FormatOf(o) << 8) | (sizeField << 2) | type;
        if (headerWords == 3) output.U32((uint)total << 2);
        if (headerWords >= 2) output.U32(oops[o.Class] | type);
        output.U32(baseHeader);
        switch (o)
        {
            case PointersObject p:
                foreach (var v in p.Slots) output.U32(Encode(v));
                break;
            case WordsObject w:
                foreach (var word in w.Words) output.U32(word);
                break;
            case FloatObject f:
                var highFirst = !(image.Format.NativeFloatOrder && image.LittleEndian);
                output.U32(highFirst ? f.HighWord : f.LowWord);
                output.U32(highFirst ? f.LowWord : f.HighWord);
                break;
            case BytesObject b:
                output.Bytes(b.Bytes);
                output.Skip((4 - b.Bytes.Length % 4) % 4);
                break;
            case CompiledMethodObject m:
                output.U32(Encode(m.Header));
                foreach (var v in m.Literals) output.U32(Encode(v));
                output.Bytes(m.Bytes);
                output.Skip((4 - m.Bytes.Length % 4) % 4);
                break;
        }
    }

    private uint Encode(Value v)
    {
        if (v.IsSmallInt)
        {
            if (v.SmallIntValue is < -(1L << 30) or >= 1L << 30)
                throw new InvalidOperationException($"{v.SmallIntValue} does not fit a 31-bit SmallInteger");
            return ((uint)v.SmallIntValue << 1) | 1;
        }
        if (!v.IsObject) throw new InvalidOperationException("a V3 image has no immediate characters or floats");
        return oops[v.Obj];
    }
}
