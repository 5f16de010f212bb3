using ImageAot.Runtime.Audio;

namespace ImageAot.Launcher.Window;

/// <summary>
/// The sound card through SDL's audio queue: 16-bit stereo at the image's rate (SDL converts if the
/// card wants another). The queue is kept about a tenth of a second (or one image buffer) deep, so
/// the image's player hears of free space as a card's interrupt would tell it.
/// </summary>
internal sealed class SdlAudioDevice : IAudioDevice
{
    private readonly uint device;
    private readonly int targetFrames;
    private bool disposed;

    public string Name { get; }

    private SdlAudioDevice(uint device, string driver, int targetFrames)
    {
        this.device = device;
        this.targetFrames = targetFrames;
        Name = "sdl:" + driver;
    }

    /// <summary>
    /// Opens the default output; null when there is none worth using (no library, no card, or only SDL's
    /// dummy and disk drivers, which play nothing): the VM then consumes sound with its silent device.
    /// </summary>
    public static IAudioDevice? Open(int samplesPerSecond, int bufferFrames) => Open(samplesPerSecond, bufferFrames, acceptDiskDriver: false);

    /// <summary>Tests accept SDL's disk driver: it writes a file at the card's pace, which exercises the queue for real.</summary>
    internal static IAudioDevice? Open(int samplesPerSecond, int bufferFrames, bool acceptDiskDriver)
    {
        try
        {
            if (Sdl.InitSubSystem(Sdl.InitAudio) != 0) return null;
            var driver = Sdl.GetCurrentAudioDriver() ?? "";
            if (driver is "" or "dummy" || (driver is "disk" && !acceptDiskDriver))
            {
                Sdl.QuitSubSystem(Sdl.InitAudio);
                return null;
            }
            var desired = new Sdl.AudioSpec { Freq = samplesPerSecond, Format = Sdl.AudioS16Lsb, Channels = 2, Samples = 1024 };
            var id = Sdl.OpenAudioDevice(null, 0, desired, out _, 0);
            if (id == 0)
            {
                Sdl.QuitSubSystem(Sdl.InitAudio);
                return null;
            }
            Sdl.PauseAudioDevice(id, 0);
            return new SdlAudioDevice(id, driver, Math.Max(bufferFrames, samplesPerSecond / 10));
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }

    public int Room() => disposed ? 0 : Math.Max(0, targetFrames - (int)(Sdl.GetQueuedAudioSize(device) / 4));

    public unsafe void Queue(ReadOnlySpan<short> frames)
    {
        if (disposed || frames.IsEmpty) return;
        fixed (short* p = frames) Sdl.QueueAudio(device, p, (uint)(frames.Length * 2));
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Sdl.CloseAudioDevice(device);
        Sdl.QuitSubSystem(Sdl.InitAudio);
    }
}
