namespace ImageAot.Runtime.Image;

/// <summary>
/// Decodes a CompiledMethod header word. V3 images pack the literal count into 8 bits beside
/// the primitive index; Spur images give it 15 bits, keep the primitive in the bytecodes
/// (callPrimitive) and mark SistaV1 methods with the sign bit.
/// </summary>
public readonly struct MethodHeader(long word, bool spurLayout)
{
    public long Word => word;

    public int NumLiterals => spurLayout ? (int)(word & 0x7FFF) : (int)((word >> 9) & 0xFF);
    public int NumArgs => (int)((word >> 24) & 0xF);
    public int NumTemps => (int)((word >> 18) & 0x3F);
    public bool LargeFrame => ((word >> 17) & 1) != 0;
    public bool HasPrimitive => spurLayout ? ((word >> 16) & 1) != 0 : PrimitiveIndexV3 != 0;
    /// <summary>V3 primitive index: 9 low bits plus a high bit at bit 28.</summary>
    public int PrimitiveIndexV3 => (int)((word & 0x1FF) + ((word >> 19) & 0x200));
    public bool UsesSistaV1 => spurLayout && word < 0;

    /// <summary>The primitive a method runs: from the header in V3, from the leading callPrimitive bytecode in Spur.</summary>
    public int PrimitiveIndex(byte[] bytecodes) =>
        spurLayout ? HasPrimitive && bytecodes.Length >= 3 ? bytecodes[1] | (bytecodes[2] << 8) : 0 : PrimitiveIndexV3;
}
