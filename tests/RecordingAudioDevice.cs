using ImageAot.Runtime.Audio;

namespace ImageAot.Tests;

/// <summary>A silent device (real-time by the clock) that also keeps every frame it is handed, for tests to count and read.</summary>
public sealed class RecordingAudioDevice(int samplesPerSecond) : IAudioDevice
{
    private readonly SilentAudioDevice clock = new(samplesPerSecond);
    private readonly List<short> samples = new();

    public string Name => "recording";
    public int SamplesPerSecond => samplesPerSecond;

    public int Room() => clock.Room();

    public void Queue(ReadOnlySpan<short> frames)
    {
        lock (samples) samples.AddRange(frames.ToArray());
    }

    public short[] Samples() { lock (samples) return samples.ToArray(); }

    public long Frames { get { lock (samples) return samples.Count / 2; } }

    /// <summary>Frames with sound in either channel.</summary>
    public long AudibleFrames
    {
        get
        {
            lock (samples)
            {
                long n = 0;
                for (var i = 0; i + 1 < samples.Count; i += 2) if (samples[i] != 0 || samples[i + 1] != 0) n++;
                return n;
            }
        }
    }

    public void Dispose() { }
}
