using ImageAot.Runtime.Audio;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// Sound output and input as the SoundPlugin starts them. Devices are pumped between bytecodes (with
// the other interrupt checks) and while the VM idles, so no device thread ever touches the heap.
public sealed partial class Interpreter
{
    /// <summary>Opens the host's sound card (the launcher's SDL device); null or a failed open means the silent device.</summary>
    public AudioDeviceOpener? AudioDevices;

    /// <summary>The output the image started, if any.</summary>
    public SoundOutput? SoundOut { get; private set; }

    /// <summary>The (silent) input the image started recording from, if any.</summary>
    public SilentRecorder? Recorder;

    /// <summary>Output volume (0..1 each side); it outlives a stopped output, as the C VM's mixer setting does.</summary>
    public (double Left, double Right) SoundVolume { get; private set; } = (1.0, 1.0);

    public void SetSoundVolume(double left, double right)
    {
        SoundVolume = (left, right);
        if (SoundOut is { } o) (o.LeftVolume, o.RightVolume) = (left, right);
    }

    private long nextSoundPollMs;

    /// <summary>How often the VM feeds the device at most, and the longest it idles while sound is on.</summary>
    private const int SoundPollMs = 5;

    public SoundOutput StartSound(int samplesPerSecond, bool stereo, int bufferFrames, int semaphoreIndex)
    {
        StopSound();
        IAudioDevice? device = null;
        try { device = AudioDevices?.Invoke(samplesPerSecond, bufferFrames); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException) { device = null; }
        SoundOut = new SoundOutput(samplesPerSecond, stereo, bufferFrames, semaphoreIndex, device ?? new SilentAudioDevice(samplesPerSecond))
        {
            LeftVolume = SoundVolume.Left, RightVolume = SoundVolume.Right,
        };
        return SoundOut;
    }

    public void StopSound()
    {
        SoundOut?.Dispose();
        SoundOut = null;
    }

    private bool SoundRunning => SoundOut is not null || Recorder is not null;

    /// <summary>Something audible is still draining, or a recording runs: its semaphore will wake a process.</summary>
    private bool SoundKeepsAwake => SoundOut is { Audible: true } || Recorder is not null;

    private bool outputSignalOwed, inputSignalOwed;

    /// <summary>With the other interrupt checks: feeds the device when due, then signals what is owed.</summary>
    private void PollSound(long nowMs)
    {
        if (!SoundRunning) return;
        if (nowMs >= nextSoundPollMs) PumpSound(nowMs);
        if (outputSignalOwed && SoundOut is { SemaphoreIndex: > 0 } o) SignalExternalSemaphore(o.SemaphoreIndex);
        if (inputSignalOwed && Recorder is { SemaphoreIndex: > 0 } r) SignalExternalSemaphore(r.SemaphoreIndex);
        outputSignalOwed = inputSignalOwed = false;
    }

    private void PumpSound(long nowMs)
    {
        nextSoundPollMs = nowMs + SoundPollMs;
        // As a card's interrupt comes once per period, not per sample: the player hears of space once a quarter of the
        // ring is free, and refills it in one go rather than a hundred frames at a time.
        if (SoundOut is { } o && o.Pump() && o.FreeFrames * 4 >= o.CapacityFrames) outputSignalOwed = true;
        if (Recorder is { } r && r.SignalDue()) inputSignalOwed = true;
    }

    /// <summary>
    /// The poll of compiled frames feeds the device without leaving compiled code (the ring is not the
    /// heap); only when a semaphore is owed must the frames flush so that the interpreter signals it.
    /// </summary>
    private bool SoundNeedsTheInterpreter(long nowMs)
    {
        if (!SoundRunning || nowMs < nextSoundPollMs) return false;
        PumpSound(nowMs);
        return inputSignalOwed || outputSignalOwed;
    }

    /// <summary>Signals the semaphore at a 1-based index of the external objects array (what plugins name their semaphores by).</summary>
    public void SignalExternalSemaphore(int index)
    {
        if (Mem.Special(SpecialObjectIndex.ExternalObjectsArray).Ref is PointersObject table
            && index >= 1 && index <= table.Slots.Length
            && table.Slots[index - 1].Ref is PointersObject sema
            && ReferenceEquals(Mem.ClassOf(table.Slots[index - 1]), Mem.ClassSemaphore))
            SignalSemaphore(sema);
    }
}
