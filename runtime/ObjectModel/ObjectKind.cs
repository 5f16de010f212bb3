namespace ImageAot.Runtime.ObjectModel;

/// <summary>How an object's body is stored; one .NET type per kind.</summary>
public enum ObjectKind : byte
{
    Pointers,
    Bytes,
    Shorts,
    Words,
    Longs,
    Float,
    CompiledMethod,
}
