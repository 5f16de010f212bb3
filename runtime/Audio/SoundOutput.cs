namespace ImageAot.Runtime.Audio;

/// <summary>
/// One started sound output, as the SoundPlugin's start primitive opens it: the frames the image
/// wrote (<see cref="SampleRing"/>) drained into a device at its pace. Each time the device takes
/// frames, <see cref="SpaceFreed"/> tells the VM to signal the image's semaphore, which wakes the
/// image's player process to fill the space.
/// </summary>
public sealed class SoundOutput : IDisposable
{
    public readonly int SamplesPerSecond;
    public readonly bool Stereo;
    public readonly IAudioDevice Device;
    private readonly SampleRing ring;
    private short[] transfer = new short[1024];

    /// <summary>The image's semaphore (index in the external objects array), 0 for none.</summary>
    public readonly int SemaphoreIndex;

    public double LeftVolume = 1.0, RightVolume = 1.0;

    /// <summary>Frames written by the image and taken by the device, since the start (for tests and figures).</summary>
    public long FramesWritten { get; private set; }
    public long FramesPlayed { get; private set; }

    /// <summary>Frame (in <see cref="FramesWritten"/> terms) after which everything written so far was silence.</summary>
    private long audibleUntil;

    public SoundOutput(int samplesPerSecond, bool stereo, int bufferFrames, int semaphoreIndex, IAudioDevice device)
    {
        SamplesPerSecond = samplesPerSecond;
        Stereo = stereo;
        SemaphoreIndex = semaphoreIndex;
        Device = device;
        // Two of the image's buffers, as the C VM's drivers keep: one playing while the next is filled.
        ring = new SampleRing(Math.Max(2 * bufferFrames, 256));
    }

    public int FreeFrames => ring.Free;
    public int CapacityFrames => ring.Capacity;

    /// <summary>Bytes the image may write now, in its own frame size (4 stereo, 2 mono).</summary>
    public int AvailableBytes => ring.Free * (Stereo ? 4 : 2);

    /// <summary>True while frames that are not silence still wait to be played: the image is making a sound.</summary>
    public bool Audible => FramesPlayed < audibleUntil;

    public int Write(int frames, Func<int, (short Left, short Right)> frameAt)
    {
        var audible = false;
        var n = ring.Write(frames, i =>
        {
            var f = frameAt(i);
            audible |= f.Left != 0 || f.Right != 0;
            return f;
        });
        FramesWritten += n;
        if (audible) audibleUntil = FramesWritten;
        return n;
    }

    public int MixIn(int frames, int leadFrames, Func<int, (short Left, short Right)> frameAt)
    {
        var audible = false;
        var n = ring.MixIn(frames, leadFrames, i =>
        {
            var f = frameAt(i);
            audible |= f.Left != 0 || f.Right != 0;
            return f;
        });
        if (audible) audibleUntil = Math.Max(audibleUntil, FramesPlayed + leadFrames + n);
        return n;
    }

    /// <summary>Gives the device what it has room for; true if it took any (space was freed).</summary>
    public bool Pump()
    {
        var room = Device.Room();
        var n = Math.Min(room, ring.Count);
        if (n <= 0) return false;
        if (transfer.Length < n * 2) transfer = new short[n * 2];
        ring.Read(n, transfer);
        if (LeftVolume != 1.0 || RightVolume != 1.0)
            for (var i = 0; i < n; i++)
            {
                transfer[i * 2] = (short)Math.Clamp(transfer[i * 2] * LeftVolume, short.MinValue, short.MaxValue);
                transfer[i * 2 + 1] = (short)Math.Clamp(transfer[i * 2 + 1] * RightVolume, short.MinValue, short.MaxValue);
            }
        Device.Queue(transfer.AsSpan(0, n * 2));
        FramesPlayed += n;
        return true;
    }

    public void Dispose()
    {
        ring.Clear();
        Device.Dispose();
    }
}
