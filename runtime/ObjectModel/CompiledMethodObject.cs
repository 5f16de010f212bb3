namespace ImageAot.Runtime.ObjectModel;

/// <summary>
/// A CompiledMethod or CompiledBlock: a header word (a SmallInteger), literals, then
/// bytecodes and trailer bytes.
/// </summary>
public sealed class CompiledMethodObject : SqObject
{
    public Value Header;
    public Value[] Literals;
    public byte[] Bytes;
    /// <summary>The VM's decoded view of this method (header facts, resolved primitive); dropped when the header or literals change.</summary>
    public object? VmInfo;

    public CompiledMethodObject(SqObject cls, int hash, byte format, Value header, Value[] literals, byte[] bytes)
        : base(cls, hash, format)
    {
        Header = header;
        Literals = literals;
        Bytes = bytes;
    }

    public override ObjectKind Kind => ObjectKind.CompiledMethod;
    /// <summary>Byte-indexable size as Smalltalk sees it (header and literals count as words).</summary>
    public override int Size => Bytes.Length;
}
