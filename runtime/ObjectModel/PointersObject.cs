namespace ImageAot.Runtime.ObjectModel;

/// <summary>An object whose body is object references: fixed instance variables, indexable slots, weak or ephemeron slots.</summary>
public sealed class PointersObject : SqObject
{
    public Value[] Slots;

    public PointersObject(SqObject cls, int hash, byte format, Value[] slots) : base(cls, hash, format) => Slots = slots;

    public override ObjectKind Kind => ObjectKind.Pointers;
    public override int Size => Slots.Length;
}
