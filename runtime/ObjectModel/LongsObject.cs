namespace ImageAot.Runtime.ObjectModel;

/// <summary>A 64-bit-word-indexable object (Spur only, e.g. DoubleWordArray).</summary>
public sealed class LongsObject : SqObject
{
    public ulong[] Longs;

    public LongsObject(SqObject cls, int hash, byte format, ulong[] longs) : base(cls, hash, format) => Longs = longs;

    public override ObjectKind Kind => ObjectKind.Longs;
    public override int Size => Longs.Length;
}
