namespace ImageAot.Runtime.ObjectModel;

/// <summary>A 16-bit-indexable object (Spur only, e.g. DoubleByteArray).</summary>
public sealed class ShortsObject : SqObject
{
    public ushort[] Shorts;

    public ShortsObject(SqObject cls, int hash, byte format, ushort[] shorts) : base(cls, hash, format) => Shorts = shorts;

    public override ObjectKind Kind => ObjectKind.Shorts;
    public override int Size => Shorts.Length;
}
