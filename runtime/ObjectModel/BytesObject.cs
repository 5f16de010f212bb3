namespace ImageAot.Runtime.ObjectModel;

/// <summary>A byte-indexable object (String, Symbol, ByteArray, LargeInteger…). Bytes are in memory order.</summary>
public sealed class BytesObject : SqObject
{
    public byte[] Bytes;

    public BytesObject(SqObject cls, int hash, byte format, byte[] bytes) : base(cls, hash, format) => Bytes = bytes;

    public override ObjectKind Kind => ObjectKind.Bytes;
    public override int Size => Bytes.Length;

    public string AsString() => System.Text.Encoding.Latin1.GetString(Bytes);
}
