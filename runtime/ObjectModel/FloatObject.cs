using System.Runtime.CompilerServices;

namespace ImageAot.Runtime.ObjectModel;

/// <summary>
/// A boxed Float (V3 Float, Spur BoxedFloat64). The image stores it as two 32-bit words in
/// one of several orders; here it is decoded once, and the writer encodes it back.
/// </summary>
public sealed class FloatObject : SqObject
{
    public double Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FloatObject(SqObject cls, int hash, byte format, double value) : base(cls, hash, format) => Value = value;

    public override ObjectKind Kind => ObjectKind.Float;
    /// <summary>Smalltalk sees a Float as two 32-bit words (basicAt: 1 is the high word).</summary>
    public override int Size => 2;

    public uint HighWord => (uint)((ulong)BitConverter.DoubleToInt64Bits(Value) >> 32);
    public uint LowWord => (uint)BitConverter.DoubleToInt64Bits(Value);
}
