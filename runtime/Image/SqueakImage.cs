using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Image;

/// <summary>
/// A loaded image: the object graph plus what the file said about itself (format, byte
/// order, header fields a writer must carry over). The object graph is the truth; the
/// file-level facts only describe where it came from.
/// </summary>
public sealed class SqueakImage
{
    public required ImageFormat Format { get; init; }
    public required bool LittleEndian { get; init; }
    /// <summary>Bytes before the image header (0, or 512 for images with a Mac resource prefix).</summary>
    public required byte[] FilePrefix { get; init; }
    /// <summary>The image header exactly as read; the writer patches only the fields it recomputes.</summary>
    public required byte[] Header { get; init; }
    public int HeaderSize => Header.Length;
    public required long HeapBytes { get; init; }
    public required long OldBaseAddress { get; init; }
    public required int SegmentCount { get; init; }
    public required long TrailingBytes { get; init; }

    public required PointersObject SpecialObjects { get; set; }
    /// <summary>Every live object of the file, in file order (Spur's hidden objects, free chunks and forwarders excluded).</summary>
    public required List<SqObject> Objects { get; init; }

    /// <summary>Spur only: the class table as read, index to class.</summary>
    public Dictionary<int, SqObject> ClassTable { get; init; } = new();
    /// <summary>Spur only: slots in the hidden free-lists object (the writer writes an empty one of this size).</summary>
    public int FreeListSlots { get; init; }

    public int WordSize => Format.WordSize;
    public bool IsSpur => Format.IsSpur;

    public Value Special(int index) =>
        index < SpecialObjects.Slots.Length ? SpecialObjects.Slots[index] : Value.Object(Nil);

    public SqObject Nil => SpecialObjects.Slots[SpecialObjectIndex.Nil].Obj;
    public SqObject False => SpecialObjects.Slots[SpecialObjectIndex.False].Obj;
    public SqObject True => SpecialObjects.Slots[SpecialObjectIndex.True].Obj;

    /// <summary>The screen size saved in the header (width, height), or null when the header has none.</summary>
    public (int Width, int Height)? SavedScreenSize
    {
        get
        {
            // After the format word and header size: data size, old base, special objects, last hash, then the screen size, each a word.
            var at = 8 + 4 * WordSize;
            if (Header.Length < at + 4) return null;
            var bytes = new ImageBytes(Header, LittleEndian);
            var packed = bytes.U32(at);
            int w = (int)(packed >> 16), h = (int)(packed & 0xFFFF);
            return w > 0 && h > 0 ? (w, h) : null;
        }
    }

    public MethodHeader HeaderOf(CompiledMethodObject m) => new(m.Header.SmallIntValue, IsSpur);
}
