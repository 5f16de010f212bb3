namespace ImageAot.Runtime.Image;

/// <summary>
/// What an image format number says: word size, object memory (V3 or Spur), closures,
/// float word order and whether methods may use the alternate (SistaV1) bytecode set.
/// </summary>
public sealed record ImageFormat(int Number)
{
    private const int AlternateBytecodeSetBit = 512;

    public static readonly int[] Supported = [6502, 6504, 6505, 6521, 7033, 68021, 68533];

    public int BaseNumber => Number & ~AlternateBytecodeSetBit;
    public bool IsSpur => (BaseNumber & 16) != 0;
    public int WordSize => BaseNumber >= 68000 ? 8 : 4;
    public bool HasClosures => BaseNumber != 6502;
    /// <summary>Floats are stored in the word order of the platform that saved the image (6505 and Spur).</summary>
    public bool NativeFloatOrder => (BaseNumber & 1) != 0;
    public bool MayUseSistaV1 => (Number & AlternateBytecodeSetBit) != 0;

    public static bool IsSupported(int number) => Array.IndexOf(Supported, number) >= 0;

    public override string ToString()
    {
        var memory = IsSpur ? $"Spur {WordSize * 8}-bit" : "V3 32-bit";
        var blocks = HasClosures ? "closures" : "Blue Book blocks";
        var sista = MayUseSistaV1 ? ", SistaV1 allowed" : "";
        return $"{Number} ({memory}, {blocks}{sista})";
    }
}
