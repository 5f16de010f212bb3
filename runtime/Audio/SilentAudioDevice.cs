using System.Diagnostics;

namespace ImageAot.Runtime.Audio;

/// <summary>
/// A device that plays nothing but consumes frames as fast as a sound card would, by the clock, so
/// the image's player process runs at the same pace as with sound (headless, or no sound card).
/// </summary>
public sealed class SilentAudioDevice(int samplesPerSecond) : IAudioDevice
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long framesDue;

    public string Name => "silent";

    /// <summary>Frames handed over in total (for tests and figures).</summary>
    public long FramesQueued { get; private set; }

    public int Room()
    {
        var now = (long)(clock.Elapsed.TotalSeconds * samplesPerSecond);
        // A card that ran dry played silence meanwhile: the time it had is spent, not owed.
        var room = now - framesDue;
        framesDue = now;
        return (int)Math.Min(room, int.MaxValue);
    }

    public void Queue(ReadOnlySpan<short> frames) => FramesQueued += frames.Length / 2;

    public void Dispose() { }
}
