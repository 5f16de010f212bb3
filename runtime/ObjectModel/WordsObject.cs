namespace ImageAot.Runtime.ObjectModel;

/// <summary>A 32-bit-word-indexable object (Bitmap, WordArray, …).</summary>
public sealed class WordsObject : SqObject
{
    public uint[] Words;

    public WordsObject(SqObject cls, int hash, byte format, uint[] words) : base(cls, hash, format) => Words = words;

    public override ObjectKind Kind => ObjectKind.Words;
    public override int Size => Words.Length;
}
