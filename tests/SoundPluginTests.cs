using System.Diagnostics;
using ImageAot.Runtime.Audio;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Plugins;
using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>SoundPlugin and ADPCMCodecPlugin primitives called directly on a scratch stack: answers, frame accounting and clean failures.</summary>
[Collection(RealTimeCollection.Name)]
public sealed class SoundPluginTests
{
    private static readonly PrimitiveTable Table = PrimitiveTable.CreateStandard();

    private static Interpreter Vm() => Interpreter.ForPrimitiveTests(TestImages.Shared("cuis5.0-spur32.image"));

    private static readonly Value Receiver = Value.SmallInt(0);

    /// <summary>Runs a primitive; on failure checks the stack is untouched and answers null.</summary>
    private static Value? Call(Interpreter vm, string module, string name, Value receiver, params Value[] args) =>
        PrimitiveCall.Run(vm, Table.Named(module, name) ?? throw new InvalidOperationException($"{name} is not registered"), receiver, args);

    private static Value? Sound(Interpreter vm, string name, params Value[] args) => Call(vm, SoundPlugin.Module, name, Receiver, args);

    private static Value I(long v) => Value.SmallInt(v);

    /// <summary>A SoundBuffer-like word object: each word one stereo frame (left in the low half).</summary>
    private static WordsObject Frames(Interpreter vm, int count, short left, short right)
    {
        var w = (WordsObject)vm.Mem.Instantiate(vm.Mem.ClassBitmap!, count)!;
        Array.Fill(w.Words, (uint)(ushort)left | (uint)(ushort)right << 16);
        return w;
    }

    [Fact]
    public void OutputPrimitivesFailCleanlyBeforeAStart()
    {
        var vm = Vm();
        Assert.Null(Sound(vm, "primitiveSoundAvailableSpace"));
        Assert.Null(Sound(vm, "primitiveSoundPlaySamples", I(10), Frames(vm, 10, 1, 1), I(1)));
        Assert.Null(Sound(vm, "primitiveSoundPlaySilence"));
        Assert.Null(Sound(vm, "primitiveSoundGetRecordingSampleRate"));
        Assert.Null(Sound(vm, "primitiveSoundStart", I(1000), I(22050), I(1))); // stereo must be a Boolean
        Assert.Null(Sound(vm, "primitiveSoundStart", I(0), I(22050), vm.Mem.TrueV));
        Assert.Null(vm.SoundOut);
        Assert.Equal(Receiver, Sound(vm, "primitiveSoundStop")); // stopping what never started succeeds, as in C
    }

    [Fact]
    public void PlayedFramesTakeSpaceAndBoundsAreChecked()
    {
        var vm = Vm();
        Assert.Equal(Receiver, Sound(vm, "primitiveSoundStartWithSemaphore", I(1000), I(22050), vm.Mem.TrueV, I(0)));
        Assert.Equal(I(2000 * 4), Sound(vm, "primitiveSoundAvailableSpace"));
        var buffer = Frames(vm, 400, 1000, -1000);
        Assert.Equal(I(300), Sound(vm, "primitiveSoundPlaySamples", I(300), buffer, I(101)));
        Assert.Equal(I(1700 * 4), Sound(vm, "primitiveSoundAvailableSpace"));
        Assert.Null(Sound(vm, "primitiveSoundPlaySamples", I(300), buffer, I(102))); // one frame past the end
        Assert.Null(Sound(vm, "primitiveSoundPlaySamples", I(10), buffer, I(0)));
        Assert.Null(Sound(vm, "primitiveSoundPlaySamples", I(10), vm.Mem.NewString("not samples"), I(1)));
        // More than fits: the plugin takes what it can and says how much.
        Assert.Equal(I(1700), Sound(vm, "primitiveSoundPlaySamples", I(1800), Frames(vm, 1800, 0, 0), I(1)));
        Assert.Equal(I(0), Sound(vm, "primitiveSoundAvailableSpace"));
        Assert.Equal(2000, vm.SoundOut!.FramesWritten);
        Sound(vm, "primitiveSoundStop");
        Assert.Null(vm.SoundOut);
    }

    [Fact]
    public void MonoOutputCountsSixteenBitSamplesAsFrames()
    {
        var vm = Vm();
        Sound(vm, "primitiveSoundStart", I(500), I(11025), vm.Mem.FalseV);
        Assert.Equal(I(1000 * 2), Sound(vm, "primitiveSoundAvailableSpace"));
        Assert.Equal(I(20), Sound(vm, "primitiveSoundPlaySamples", I(20), Frames(vm, 10, 5, 6), I(1)));
        Assert.Null(Sound(vm, "primitiveSoundPlaySamples", I(21), Frames(vm, 10, 5, 6), I(1)));
        var device = new RecordingAudioDevice(11025);
        var output = new SoundOutput(11025, false, 500, 0, device);
        output.Write(2, i => ((short)(i + 7), (short)(i + 7)));
        Thread.Sleep(5);
        Assert.True(output.Pump());
        Assert.Equal(2, device.Frames);
    }

    [Fact]
    public void SilenceFillsTheFreeSpace()
    {
        var vm = Vm();
        Sound(vm, "primitiveSoundStart", I(100), I(22050), vm.Mem.TrueV);
        Assert.Equal(I(256), Sound(vm, "primitiveSoundPlaySilence")); // the ring holds at least 256 frames
        Assert.False(vm.SoundOut!.Audible);
    }

    [Fact]
    public void InsertedSamplesMixIntoWhatWaitsAfterTheLeadTime()
    {
        var device = new RecordingAudioDevice(22050);
        var output = new SoundOutput(22050, true, 1000, 0, device);
        output.Write(300, _ => (100, -100));
        Assert.Equal(50, output.MixIn(100, 250, _ => (50, 32767)));
        Thread.Sleep(30);
        Assert.True(output.Pump());
        Assert.Equal(300, device.Frames);
        var heard = device.Samples();
        Assert.Equal((100, -100), (heard[2 * 249], heard[2 * 249 + 1]));
        Assert.Equal((150, 32667), (heard[2 * 250], heard[2 * 250 + 1]));
        var vm = Vm();
        Sound(vm, "primitiveSoundStart", I(1000), I(22050), vm.Mem.TrueV);
        Sound(vm, "primitiveSoundPlaySamples", I(300), Frames(vm, 300, 100, -100), I(1));
        Assert.Equal(I(50), Sound(vm, "primitiveSoundInsertSamples", I(100), Frames(vm, 100, 50, 32767), I(250)));
        Assert.Null(Sound(vm, "primitiveSoundInsertSamples", I(100), Frames(vm, 100, 50, 50), I(-1)));
    }

    [Fact]
    public void TheDeviceTakesFramesInRealTimeWithTheVolumeApplied()
    {
        var device = new RecordingAudioDevice(22050);
        var output = new SoundOutput(22050, true, 11025, 0, device) { LeftVolume = 0.5, RightVolume = 1.0 };
        output.Write(22050, _ => (1000, -1000));
        Assert.True(output.Audible);
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 400) { output.Pump(); Thread.Sleep(5); }
        var rate = device.Frames / clock.Elapsed.TotalSeconds;
        Assert.InRange(rate, 22050 * 0.8, 22050 * 1.1);
        Assert.Equal(device.Frames, output.FramesPlayed);
        Assert.Equal((500, -1000), (device.Samples()[0], device.Samples()[1]));
        Assert.Equal(output.FramesWritten - output.FramesPlayed, 22050 - output.FreeFrames);
    }

    [Fact]
    public void VolumeIsKeptAndAnsweredAsTwoFloats()
    {
        var vm = Vm();
        Assert.Equal(Receiver, Sound(vm, "primitiveSoundSetLeftVolume", vm.Mem.Float(0.25), vm.Mem.Float(0.75)));
        Assert.Null(Sound(vm, "primitiveSoundSetLeftVolume", vm.Mem.Float(1.5), vm.Mem.Float(0.75)));
        var pair = (PointersObject)Sound(vm, "primitiveSoundGetVolume")!.Value.Ref!;
        Assert.True(vm.Mem.TryFloat(pair.Slots[0], out var l));
        Assert.True(vm.Mem.TryFloat(pair.Slots[1], out var r));
        Assert.Equal((0.25, 0.75), (l, r));
        Sound(vm, "primitiveSoundStart", I(100), I(22050), vm.Mem.TrueV);
        Assert.Equal((0.25, 0.75), (vm.SoundOut!.LeftVolume, vm.SoundOut.RightVolume));
    }

    [Fact]
    public void RecordingDeliversSilenceByTheClockUntilStopped()
    {
        var vm = Vm();
        Assert.Equal(Receiver, Sound(vm, "primitiveSoundStartRecording", I(22050), vm.Mem.TrueV, I(0)));
        Assert.True(vm.Mem.TryFloat(Sound(vm, "primitiveSoundGetRecordingSampleRate")!.Value, out var rate));
        Assert.Equal(22050.0, rate);
        Assert.Equal(Receiver, Sound(vm, "primitiveSoundSetRecordLevel", I(500)));
        Thread.Sleep(100);
        var buffer = Frames(vm, 4000, 123, 456);
        var got = Sound(vm, "primitiveSoundRecordSamples", buffer, I(1))!.Value.SmallIntValue;
        // 16-bit samples, two a stereo frame: at least 0.1 s worth; a loaded machine may have slept longer, up to the whole buffer.
        Assert.InRange(got, 2 * 22050 / 10, 2 * buffer.Words.Length);
        Assert.Equal(0, got % 2);
        var filled = (int)got / 2;
        Assert.All(buffer.Words.Take(filled), w => Assert.Equal(0u, w));
        if (filled + 1 < buffer.Words.Length) Assert.NotEqual(0u, buffer.Words[filled + 1]);
        Assert.Null(Sound(vm, "primitiveSoundRecordSamples", buffer, I(0)));
        Assert.Equal(Receiver, Sound(vm, "primitiveSoundStopRecording"));
        Assert.Null(Sound(vm, "primitiveSoundRecordSamples", buffer, I(1)));
    }

    [Fact]
    public void ExternalSemaphoresAreSignalledByIndex()
    {
        var vm = Vm();
        var table = (PointersObject)vm.Mem.Special(Runtime.Image.SpecialObjectIndex.ExternalObjectsArray).Ref!;
        var sema = (PointersObject)vm.Mem.Instantiate(vm.Mem.ClassSemaphore, 0)!;
        sema.Slots[2] = I(0);
        var saved = table.Slots[0];
        table.Slots[0] = sema;
        try
        {
            vm.SignalExternalSemaphore(1);
            vm.SignalExternalSemaphore(table.Slots.Length + 1); // past the table: ignored, as the C VM ignores it
            Assert.Equal(I(1), sema.Slots[2]);
        }
        finally { table.Slots[0] = saved; }
    }

    [Fact]
    public void CodecPrimitivesFailWithoutTouchingACodecTheyCannotUse()
    {
        var vm = Vm();
        Assert.Null(Call(vm, ADPCMCodecPlugin.Module, "primitiveDecodeMono", vm.Mem.NewArray(3), I(10)));
        Assert.Null(Call(vm, ADPCMCodecPlugin.Module, "primitiveEncodeStereo", vm.Mem.NewArray(16), I(10)));
        // A mono decoder over two bytes asked for ten samples: it runs out of input and leaves its state as it was.
        var steps = (WordsObject)vm.Mem.Instantiate(vm.Mem.ClassBitmap!, 45)!;
        for (var i = 0; i < 89; i++) steps.Words[i / 2] |= (uint)(7 + i) << (16 * (i % 2));
        var indexes = (WordsObject)vm.Mem.Instantiate(vm.Mem.ClassBitmap!, 4)!;
        var encoded = (BytesObject)vm.Mem.Instantiate(vm.Mem.ClassByteArray, 2)!;
        var samples = (WordsObject)vm.Mem.Instantiate(vm.Mem.ClassBitmap!, 5)!;
        var codec = vm.Mem.NewArray(16);
        Value[] state = [I(0), I(0), I(8), I(7), I(4), I(0), I(0), I(0), I(0), encoded, samples, vm.Mem.NilV, I(0), I(4), steps, indexes];
        state.CopyTo(codec.Slots, 0);
        // No frame headers (frame size mask 0), four bits a sample: two bytes hold four samples, not ten.
        Assert.Null(Call(vm, ADPCMCodecPlugin.Module, "primitiveDecodeMono", codec, I(10)));
        Assert.Equal(state, codec.Slots);
        Assert.Equal(0u, samples.Words[0] | samples.Words[1]);
        Assert.Equal(codec, Call(vm, ADPCMCodecPlugin.Module, "primitiveDecodeMono", codec, I(4))!.Value.Ref);
        Assert.Equal(I(4), codec.Slots[12]);
        Assert.Equal(I(2), codec.Slots[8]);
        Assert.Equal(I(0), codec.Slots[7]); // sixteen bits taken: nothing left of the last byte
    }
}
