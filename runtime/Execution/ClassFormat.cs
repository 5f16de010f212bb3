namespace ImageAot.Runtime.Execution;

/// <summary>
/// A class's instance specification decoded from its format word, in a form common to V3
/// and Spur: what kind of body instances have and how many named slots come first.
/// </summary>
public readonly record struct ClassFormat(InstanceKind Kind, int FixedSlots, bool Indexable)
{
    public static ClassFormat Decode(long word, bool spur)
    {
        if (spur)
        {
            var spec = (int)((word >> 16) & 0x1F);
            var fixedSlots = (int)(word & 0xFFFF);
            return spec switch
            {
                0 or 1 => new(InstanceKind.Pointers, fixedSlots, false),
                2 or 3 => new(InstanceKind.Pointers, fixedSlots, true),
                4 => new(InstanceKind.Weak, fixedSlots, true),
                5 => new(InstanceKind.Ephemeron, fixedSlots, false),
                9 => new(InstanceKind.Longs, 0, true),
                >= 10 and <= 11 => new(InstanceKind.Words, 0, true),
                >= 12 and <= 15 => new(InstanceKind.Shorts, 0, true),
                >= 16 and <= 23 => new(InstanceKind.Bytes, 0, true),
                >= 24 => new(InstanceKind.Method, 0, true),
                _ => new(InstanceKind.Pointers, fixedSlots, false),
            };
        }
        var v3spec = (int)((word >> 7) & 0xF);
        var v3fixed = (int)(((word >> 10) & 0xC0) + ((word >> 1) & 0x3F) - 1);
        if (v3fixed < 0) v3fixed = 0;
        return v3spec switch
        {
            0 or 1 => new(InstanceKind.Pointers, v3fixed, false),
            2 or 3 => new(InstanceKind.Pointers, v3fixed, true),
            4 => new(InstanceKind.Weak, v3fixed, true),
            6 => new(InstanceKind.Words, 0, true),
            >= 8 and <= 11 => new(InstanceKind.Bytes, 0, true),
            >= 12 => new(InstanceKind.Method, 0, true),
            _ => new(InstanceKind.Pointers, v3fixed, false),
        };
    }

    /// <summary>The object format byte (image encoding) that instances of this spec carry.</summary>
    public byte ObjectFormat(bool spur) => Kind switch
    {
        InstanceKind.Pointers => (byte)(Indexable ? (FixedSlots > 0 ? 3 : 2) : (FixedSlots > 0 ? 1 : 0)),
        InstanceKind.Weak => (byte)4,
        InstanceKind.Ephemeron => (byte)5,
        InstanceKind.Words => (byte)(spur ? 10 : 6),
        InstanceKind.Longs => (byte)9,
        InstanceKind.Shorts => (byte)12,
        InstanceKind.Bytes => (byte)(spur ? 16 : 8),
        _ => (byte)(spur ? 24 : 12),
    };
}

/// <summary>What instances' bodies hold. An Ephemeron (Spur format 5) has fixed slots, its key first; this VM traces them all strongly, as no image here has one.</summary>
public enum InstanceKind { Pointers, Weak, Ephemeron, Words, Longs, Shorts, Bytes, Method }
