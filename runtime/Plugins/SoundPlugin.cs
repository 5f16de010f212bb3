using ImageAot.Runtime.Audio;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// The SoundPlugin: sound output into <see cref="SoundOutput"/> (a sound card or the silent device),
/// and recording from a <see cref="SilentRecorder"/>, a machine without a microphone whose input
/// is nonetheless there, so recorder dialogs open and record silence instead of failing.
/// Frames are counted as the image counts them: a stereo frame is one 32-bit word of a SoundBuffer.
/// </summary>
public static class SoundPlugin
{
    public const string Module = "SoundPlugin";

    public static void Register(PrimitiveTable t)
    {
        t.AddNamed(Module, "primitiveSoundStart", (vm, n) => n == 3 && Start(vm, n, 0));
        t.AddNamed(Module, "primitiveSoundStartWithSemaphore", (vm, n) =>
            n == 4 && Int(vm, 0) is { } sema && sema >= 0 && Start(vm, n, sema));
        t.AddNamed(Module, "primitiveSoundStop", (vm, n) =>
        {
            if (n != 0) return false;
            vm.StopSound();
            return vm.Answer(0, vm.Stack(0));
        });
        t.AddNamed(Module, "primitiveSoundAvailableSpace", (vm, n) =>
            n == 0 && vm.SoundOut is { } o && vm.Answer(0, o.AvailableBytes));
        t.AddNamed(Module, "primitiveSoundPlaySamples", (vm, n) => n == 3 && Play(vm, insert: false));
        t.AddNamed(Module, "primitiveSoundInsertSamples", (vm, n) => n == 3 && Play(vm, insert: true));
        t.AddNamed(Module, "primitiveSoundPlaySilence", PlaySilence);
        t.AddNamed(Module, "primitiveSoundSetLeftVolume", SetVolume);
        t.AddNamed(Module, "primitiveSoundGetVolume", (vm, n) =>
            n == 0 && vm.Answer(0, vm.Mem.NewArray([vm.Mem.Float(vm.SoundVolume.Left), vm.Mem.Float(vm.SoundVolume.Right)])));

        t.AddNamed(Module, "primitiveSoundStartRecording", StartRecording);
        t.AddNamed(Module, "primitiveSoundGetRecordingSampleRate", (vm, n) =>
            n == 0 && vm.Recorder is { } r && vm.Answer(0, vm.Mem.Float(r.SamplesPerSecond)));
        t.AddNamed(Module, "primitiveSoundRecordSamples", RecordSamples);
        t.AddNamed(Module, "primitiveSoundSetRecordLevel", (vm, n) =>
        {
            if (n != 1 || Int(vm, 0) is not { } level) return false;
            if (vm.Recorder is { } r) r.Level = (int)Math.Clamp(level, 0, 1000);
            return vm.Answer(1, vm.Stack(1));
        });
        // Stopping a recorder that never started succeeds, as on a real device (Scratch stops its recorder at every start).
        t.AddNamed(Module, "primitiveSoundStopRecording", (vm, n) =>
        {
            if (n != 0) return false;
            vm.Recorder = null;
            return vm.Answer(0, vm.Stack(0));
        });
    }

    private static long? Int(Interpreter vm, int depth) => vm.Stack(depth) is { IsSmallInt: true } v ? v.SmallIntValue : null;

    private static bool? Bool(Interpreter vm, int depth) =>
        ReferenceEquals(vm.Stack(depth).Ref, vm.Mem.True) ? true : ReferenceEquals(vm.Stack(depth).Ref, vm.Mem.False) ? false : null;

    /// <summary>Arguments (from the bottom): buffer frames, samples per second, stereo flag[, semaphore index].</summary>
    private static bool Start(Interpreter vm, int n, long semaphoreIndex)
    {
        if (Int(vm, n - 1) is not { } frames || Int(vm, n - 2) is not { } rate || Bool(vm, n - 3) is not { } stereo) return false;
        if (frames is < 1 or > 1 << 20 || rate is < 1000 or > 192000) return false;
        vm.StartSound((int)rate, stereo, (int)frames, (int)semaphoreIndex);
        return vm.Answer(n, vm.Stack(n));
    }

    /// <summary>frameCount, buffer, startIndex (play) or frameCount, buffer, lead time in frames (insert); answers the frames taken.</summary>
    private static bool Play(Interpreter vm, bool insert)
    {
        if (vm.SoundOut is not { } o || Int(vm, 2) is not { } count || SampleArray.Of(vm.Stack(1)) is not { } buf || Int(vm, 0) is not { } third)
            return false;
        var channels = o.Stereo ? 2 : 1;
        var start = insert ? 1 : third;
        if (count < 0 || start < 1 || (start - 1 + count) * channels > buf.Length) return false;
        var first = (int)(start - 1) * channels;
        Func<int, (short, short)> frameAt = o.Stereo
            ? i => (buf[first + 2 * i], buf[first + 2 * i + 1])
            : i => (buf[first + i], buf[first + i]);
        int taken;
        if (!insert) taken = o.Write((int)count, frameAt);
        else if (third < 0) return false;
        else taken = o.MixIn((int)count, (int)Math.Min(third, int.MaxValue), frameAt);
        return vm.Answer(3, taken);
    }

    /// <summary>Fills the free space with up to one buffer of silence; answers the frames written.</summary>
    private static bool PlaySilence(Interpreter vm, int n)
    {
        if (n != 0 || vm.SoundOut is not { } o) return false;
        return vm.Answer(0, o.Write(o.FreeFrames, _ => (0, 0)));
    }

    private static bool SetVolume(Interpreter vm, int n)
    {
        if (n != 2 || !vm.Mem.TryNumberAsDouble(vm.Stack(1), out var left) || !vm.Mem.TryNumberAsDouble(vm.Stack(0), out var right)) return false;
        if (left is < 0 or > 1 || right is < 0 or > 1) return false;
        vm.SetSoundVolume(left, right);
        return vm.Answer(2, vm.Stack(2));
    }

    /// <summary>Arguments: desired samples per second, stereo flag, semaphore index.</summary>
    private static bool StartRecording(Interpreter vm, int n)
    {
        if (n != 3 || Int(vm, 2) is not { } rate || Bool(vm, 1) is not { } stereo || Int(vm, 0) is not { } sema) return false;
        if (rate is < 1000 or > 192000 || sema < 0) return false;
        vm.Recorder = new SilentRecorder((int)rate, stereo, (int)sema);
        return vm.Answer(3, vm.Stack(3));
    }

    /// <summary>Arguments: buffer, start index in 16-bit samples; answers how many samples of silence were written there.</summary>
    private static bool RecordSamples(Interpreter vm, int n)
    {
        if (n != 2 || vm.Recorder is not { } r || SampleArray.Of(vm.Stack(1)) is not { } buf || Int(vm, 0) is not { } start) return false;
        if (start < 1 || start - 1 > buf.Length) return false;
        var channels = r.Stereo ? 2 : 1;
        var frames = r.Take((int)(buf.Length - (start - 1)) / channels);
        for (var i = 0; i < frames * channels; i++) buf[(int)start - 1 + i] = 0;
        return vm.Answer(2, frames * channels);
    }
}
