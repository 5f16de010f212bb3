namespace ImageAot.Runtime.Audio;

/// <summary>
/// Where played sound goes: a sound card, or a clock that throws the samples away. The VM asks it
/// between bytecodes, so no call may block; frames are 16-bit stereo, interleaved left then right.
/// </summary>
public interface IAudioDevice : IDisposable
{
    /// <summary>For reports and tests: which device took the sound ("silent", "sdl:pulseaudio", …).</summary>
    string Name { get; }

    /// <summary>How many frames the device takes now. A device that ran dry since the last call has played silence meanwhile.</summary>
    int Room();

    /// <summary>Hands the device frames it made room for.</summary>
    void Queue(ReadOnlySpan<short> frames);
}

/// <summary>Opens a device for a rate; answers null when none opens (the caller then uses a silent one).</summary>
public delegate IAudioDevice? AudioDeviceOpener(int samplesPerSecond, int bufferFrames);
