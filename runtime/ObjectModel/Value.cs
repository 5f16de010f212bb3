using System.Runtime.CompilerServices;

namespace ImageAot.Runtime.ObjectModel;

/// <summary>
/// A Smalltalk value: a heap object or an immediate. Two machine words, so it travels in
/// registers and SmallInteger arithmetic never allocates. A null reference means
/// SmallInteger (the hottest case gets the cheapest test); the other immediate kinds are
/// marked by shared sentinel tags.
/// </summary>
public readonly struct Value : IEquatable<Value>
{
    public readonly SqObject? Ref;
    public readonly long Bits;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Value(SqObject? r, long bits) { Ref = r; Bits = bits; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value SmallInt(long v) => new(null, v);

    public static Value Char(uint codePoint) => new(ImmediateTag.Character, codePoint);

    public static Value SmallFloat(double d) => new(ImmediateTag.SmallFloat, BitConverter.DoubleToInt64Bits(d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Object(SqObject o) => new(o, 0);

    public static implicit operator Value(SqObject o) => new(o, 0);

    public bool IsSmallInt => Ref is null;
    public bool IsChar => ReferenceEquals(Ref, ImmediateTag.Character);
    public bool IsSmallFloat => ReferenceEquals(Ref, ImmediateTag.SmallFloat);
    public bool IsImmediate => Ref is null or ImmediateTag;
    public bool IsObject => Ref is not null and not ImmediateTag;

    public long SmallIntValue => Bits;
    public uint CharValue => (uint)Bits;
    public double SmallFloatValue => BitConverter.Int64BitsToDouble(Bits);

    /// <summary>The heap object; only valid when <see cref="IsObject"/>.</summary>
    public SqObject Obj => Ref!;

    public bool Equals(Value other) => ReferenceEquals(Ref, other.Ref) && Bits == other.Bits;
    public override bool Equals(object? obj) => obj is Value v && Equals(v);
    public override int GetHashCode() => Ref is null ? Bits.GetHashCode() : HashCode.Combine(RuntimeHelpers.GetHashCode(Ref), Bits);
    public static bool operator ==(Value a, Value b) => a.Equals(b);
    public static bool operator !=(Value a, Value b) => !a.Equals(b);

    public override string ToString() =>
        IsSmallInt ? Bits.ToString() :
        IsChar ? $"Character({CharValue})" :
        IsSmallFloat ? SmallFloatValue.ToString("R") :
        Obj.ToString();
}

/// <summary>Sentinel references that mark the immediate kinds other than SmallInteger inside a <see cref="Value"/>.</summary>
public sealed class ImmediateTag : SqObject
{
    public static readonly ImmediateTag Character = new();
    public static readonly ImmediateTag SmallFloat = new();
    private ImmediateTag() : base(null!, 0, 0) { }
    public override ObjectKind Kind => ObjectKind.Pointers;
    public override int Size => 0;
}
