namespace ImageAot.Runtime.Audio;

/// <summary>
/// The frames the image has written and the device has not yet taken: 16-bit stereo, interleaved.
/// Only the VM thread touches it (devices are pumped between bytecodes), so there is no locking.
/// </summary>
public sealed class SampleRing(int capacityFrames)
{
    private readonly short[] samples = new short[capacityFrames * 2];
    private int readFrame, count;

    public int Capacity => capacityFrames;
    public int Count => count;
    public int Free => capacityFrames - count;

    /// <summary>Appends up to <paramref name="frames"/> frames that <paramref name="frameAt"/> supplies; answers how many fit.</summary>
    public int Write(int frames, Func<int, (short Left, short Right)> frameAt)
    {
        var n = Math.Min(frames, Free);
        var at = (readFrame + count) % capacityFrames;
        for (var i = 0; i < n; i++)
        {
            var (l, r) = frameAt(i);
            samples[at * 2] = l;
            samples[at * 2 + 1] = r;
            if (++at == capacityFrames) at = 0;
        }
        count += n;
        return n;
    }

    /// <summary>
    /// Adds frames into those already waiting, starting <paramref name="leadFrames"/> after the next one
    /// to play, clipping sums to 16 bits; answers how many frames were mixed (none beyond what waits).
    /// </summary>
    public int MixIn(int frames, int leadFrames, Func<int, (short Left, short Right)> frameAt)
    {
        var n = Math.Clamp(count - leadFrames, 0, frames);
        var at = (readFrame + leadFrames) % capacityFrames;
        for (var i = 0; i < n; i++)
        {
            var (l, r) = frameAt(i);
            samples[at * 2] = Clip(samples[at * 2] + l);
            samples[at * 2 + 1] = Clip(samples[at * 2 + 1] + r);
            if (++at == capacityFrames) at = 0;
        }
        return n;
    }

    /// <summary>Moves up to <paramref name="frames"/> frames into <paramref name="into"/> (two samples a frame); answers how many.</summary>
    public int Read(int frames, Span<short> into)
    {
        var n = Math.Min(frames, count);
        for (var i = 0; i < n; i++)
        {
            into[i * 2] = samples[readFrame * 2];
            into[i * 2 + 1] = samples[readFrame * 2 + 1];
            if (++readFrame == capacityFrames) readFrame = 0;
        }
        count -= n;
        return n;
    }

    public void Clear() => readFrame = count = 0;

    private static short Clip(int s) => (short)Math.Clamp(s, short.MinValue, short.MaxValue);
}
