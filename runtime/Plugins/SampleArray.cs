using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// A SoundBuffer (or any 16-bit table) as C plugins see it through a short pointer: 32-bit words
/// hold two samples, the first in the low half, as primitives 143/144 read them; Spur's 16-bit
/// objects hold one each. Indices are 0-based.
/// </summary>
public readonly struct SampleArray
{
    private readonly uint[]? words;
    private readonly ushort[]? shorts;

    private SampleArray(uint[]? words, ushort[]? shorts)
    {
        this.words = words;
        this.shorts = shorts;
    }

    public static SampleArray? Of(Value v) => v.Ref switch
    {
        WordsObject w => new SampleArray(w.Words, null),
        ShortsObject s => new SampleArray(null, s.Shorts),
        _ => null,
    };

    public int Length => words is not null ? words.Length * 2 : shorts!.Length;

    public short this[int i]
    {
        get => words is not null ? (short)(words[i >> 1] >> ((i & 1) * 16)) : (short)shorts![i];
        set
        {
            if (words is null) { shorts![i] = (ushort)value; return; }
            var shift = (i & 1) * 16;
            words[i >> 1] = (words[i >> 1] & ~(0xFFFFu << shift)) | ((uint)(ushort)value << shift);
        }
    }
}
