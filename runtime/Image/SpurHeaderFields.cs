namespace ImageAot.Runtime.Image;

/// <summary>Byte offsets of the Spur image header fields; the 64-bit header widens the word-sized ones.</summary>
internal readonly struct SpurHeaderFields(int wordSize)
{
    public int EndOfMemory => 8;
    public int OldBaseAddr => 8 + wordSize;
    public int SpecialObjects => 8 + 2 * wordSize;
    public int LastHash => 8 + 3 * wordSize;
    public int FirstSegmentBytes => 8 + 6 * wordSize + 16;
    public int FreeOldSpace => FirstSegmentBytes + wordSize;
}
