using System.Diagnostics;

namespace ImageAot.Runtime.Audio;

/// <summary>
/// Recording on a machine with no microphone: the input is open and delivers silence at the rate
/// asked, so recorder UIs (Scratch's sound recorder dialog) work and record quiet sounds.
/// </summary>
public sealed class SilentRecorder(int samplesPerSecond, bool stereo, int semaphoreIndex)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long framesDelivered;
    private long lastSignalMs;

    public readonly int SamplesPerSecond = samplesPerSecond;
    public readonly bool Stereo = stereo;
    public readonly int SemaphoreIndex = semaphoreIndex;
    public int Level = 1000;

    /// <summary>Frames of silence the input has gathered and not yet delivered.</summary>
    public long FramesWaiting => (long)(clock.Elapsed.TotalSeconds * SamplesPerSecond) - framesDelivered;

    /// <summary>Takes up to <paramref name="max"/> waiting frames; answers how many.</summary>
    public int Take(int max)
    {
        var n = (int)Math.Clamp(FramesWaiting, 0, max);
        framesDelivered += n;
        return n;
    }

    /// <summary>True when the image should hear that input is waiting: every 50 ms, as a driver's buffer fills.</summary>
    public bool SignalDue()
    {
        var now = clock.ElapsedMilliseconds;
        if (now - lastSignalMs < 50 || FramesWaiting <= 0) return false;
        lastSignalMs = now;
        return true;
    }
}
