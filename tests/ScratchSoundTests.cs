using System.Diagnostics;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Hosting;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Plugins;
using ImageAot.Runtime.Primitives;
using Xunit;
using Xunit.Abstractions;

namespace ImageAot.Tests;

/// <summary>
/// Scratch 1.4's sound (Debian's scratch package, in .cache/scratch as scripts/setup.sh puts it):
/// its SoundPlayer feeds the SoundPlugin at the device's pace, its ADPCM codec primitives equal its
/// own Smalltalk code, its recorder records (silence) and its note blocks never reach MIDI.
/// </summary>
[Collection(RealTimeCollection.Name)]
public sealed class ScratchSoundTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(TestImages.RepositoryRoot(), ".cache", "scratch");
    private static readonly string Meow = Path.Combine(Folder, "Media", "Sounds", "Animal", "Meow.wav");

    private static string ImagePath()
    {
        var path = Path.Combine(Folder, "Scratch.image");
        Assert.True(File.Exists(path), $"Scratch.image is missing from {Folder}: run scripts/setup.sh");
        Assert.True(File.Exists(Meow), $"Scratch's media are missing ({Meow}): run scripts/setup.sh");
        Assert.True(File.Exists(RobotDance), $"Scratch's sample projects are missing ({RobotDance}): run scripts/setup.sh");
        return path;
    }

    private static (Interpreter Vm, Evaluator Eval) Session(PrimitiveTable? table = null)
    {
        var path = ImagePath();
        var vm = new Interpreter(ImageReader.Load(path), table) { ImagePath = path, Timeout = TimeSpan.FromSeconds(60) };
        return (vm, new Evaluator(vm));
    }

    private static string Str(string s) => "'" + s.Replace("'", "''") + "'";

    private static Value Run(Evaluator e, string source)
    {
        var r = e.EvaluateToValue(source, out var v);
        Assert.True(r.Ok, $"{source}: {r.Text}");
        return v;
    }

    private static string Print(Evaluator e, string source)
    {
        var r = e.Evaluate(source);
        Assert.True(r.Ok, $"{source}: {r.Text}");
        return r.Text;
    }

    private static readonly string RobotDance = Path.Combine(Folder, "Projects", "Music and Dance", "1 RobotDance.sb");

    /// <summary>
    /// Meow encoded at 4 bits and decoded again as mono, the same bytes decoded as 3-bit stereo frames of 512, and
    /// the compressed sound of a sample project (RobotDance's 2-bit firecracker) decoded as SoundMedia decompresses it.
    /// </summary>
    private static string CodecWork => $$"""
        | snd enc mono stereo f data s stage project |
        snd := SampledSound fromFileNamed: {{Str(Meow)}}.
        enc := (ADPCMCodec newBitsPerSample: 4) encodeSoundBuffer: snd samples.
        mono := (ADPCMCodec newBitsPerSample: 4) decodeCompressedData: enc.
        stereo := ADPCMCodec new decode: enc sampleCount: 4000 bitsPerSample: 3 frameSize: 512 stereo: true.
        f := (FileStream readOnlyFileNamed: {{Str(RobotDance)}}) binary. data := f contentsOfEntireFile. f close.
        s := ReadStream on: data. s next: 10. s skip: s uint32.
        stage := ObjStream new readObjFrom: s showProgress: false.
        stage allMorphsDo: [:m | (m respondsTo: #media) ifTrue: [m media do: [:x |
            (x isSound and: [x compressedData notNil]) ifTrue: [project := x]]]].
        {enc. mono. stereo first. stereo last.
         (ADPCMCodec newBitsPerSample: project compressedBitsPerSample) decodeCompressedData: project compressedData}
        """;

    private static byte[] Contents(Value v) => v.Ref switch
    {
        BytesObject b => b.Bytes,
        WordsObject w => w.Words.SelectMany(BitConverter.GetBytes).ToArray(),
        _ => throw new InvalidOperationException($"not a byte or word object: {v.Ref?.GetType().Name}"),
    };

    [Fact]
    public void Codec_primitives_equal_the_images_own_code_bit_for_bit()
    {
        string[] names = ["primitiveEncodeMono", "primitiveDecodeMono", "primitiveDecodeStereo"];
        var native = PrimitiveTable.CreateStandard();
        var successes = names.ToDictionary(n => n, _ => 0);
        foreach (var name in names)
        {
            var p = native.Named(ADPCMCodecPlugin.Module, name)!;
            native.AddNamed(ADPCMCodecPlugin.Module, name, (vm, n) =>
            {
                var ok = p(vm, n);
                if (ok) successes[name]++;
                return ok;
            });
        }
        var smalltalk = PrimitiveTable.CreateStandard();
        foreach (var name in names) smalltalk.AddNamed(ADPCMCodecPlugin.Module, name, (vm, n) => vm.Fail());

        var (_, withPrimitives) = Session(native);
        var (_, withFallback) = Session(smalltalk);
        // Each runs twice, the second timed, so that neither pays for the first compilation of the other's code.
        Run(withPrimitives, CodecWork);
        var clock = Stopwatch.StartNew();
        var fast = (PointersObject)Run(withPrimitives, CodecWork).Ref!;
        var nativeMs = clock.ElapsedMilliseconds;
        Run(withFallback, CodecWork);
        clock.Restart();
        var slow = (PointersObject)Run(withFallback, CodecWork).Ref!;
        output.WriteLine($"Meow.wav and RobotDance: primitives {nativeMs} ms, the image's code {clock.ElapsedMilliseconds} ms");

        foreach (var name in names) Assert.True(successes[name] > 0, $"{name} never succeeded: the fallback did all the work");
        string[] what = ["encoded bytes", "mono decoding", "stereo left", "stereo right", "RobotDance's sound"];
        for (var i = 0; i < what.Length; i++)
        {
            var (a, b) = (Contents(fast.Slots[i]), Contents(slow.Slots[i]));
            Assert.True(a.Length > 1000, $"{what[i]}: only {a.Length} bytes");
            Assert.True(a.AsSpan().SequenceEqual(b), $"{what[i]} differ (lengths {a.Length}, {b.Length})");
        }
    }

    [Fact]
    public void A_sound_played_through_the_images_SoundPlayer_reaches_the_device_in_real_time()
    {
        var (vm, e) = Session();
        RecordingAudioDevice? device = null;
        var clock = new Stopwatch();
        // Timed from the moment the output opens: compiling the expression (slow on a loaded machine) does not count.
        vm.AudioDevices = (rate, _) => { clock.Start(); return device = new RecordingAudioDevice(rate); };
        // Meow.wav is recorded at 11025 Hz: the player resamples it to the output's 22050.
        var meowFrames = long.Parse(Print(e, $"| s | s := SampledSound fromFileNamed: {Str(Meow)}. s samples size * 22050 // s originalSamplingRate"));
        Print(e, $"SoundPlayer playSound: (SampledSound fromFileNamed: {Str(Meow)}). (Delay forMilliseconds: 1500) wait");
        var seconds = clock.Elapsed.TotalSeconds;
        Assert.NotNull(device);
        Assert.Equal(22050, device.SamplesPerSecond);
        var rate = device.Frames / seconds;
        output.WriteLine($"{device.Frames} frames in {seconds:0.000} s: {rate:0} frames/s for 22050 asked; " +
                         $"{device.AudibleFrames} audible for a sound of {meowFrames} samples");
        // Start-up of the player and the first buffer's latency cost a little: within 15% of real time.
        Assert.InRange(rate, 22050 * 0.85, 22050 * 1.15);
        Assert.InRange(device.AudibleFrames, meowFrames * 0.9, meowFrames * 1.02);
    }

    /// <summary>
    /// In the interpreter only: recompiling Scratch takes about a minute. The recompiled tier's poll feeds the device
    /// the same way (measured at 19.9k frames/s including the first compilation of the loop, all 13020 audible frames).
    /// </summary>
    [Fact]
    public void The_player_keeps_up_while_the_image_computes()
    {
        var (vm, e) = Session();
        RecordingAudioDevice? device = null;
        vm.AudioDevices = (rate, _) => device = new RecordingAudioDevice(rate);
        var meowFrames = long.Parse(Print(e, $"| s | s := SampledSound fromFileNamed: {Str(Meow)}. s samples size * 22050 // s originalSamplingRate"));
        var clock = Stopwatch.StartNew();
        // Never idle: the player process (higher priority) runs only when the plugin's semaphore wakes it.
        var loops = Print(e, $$"""
            | t n |
            SoundPlayer playSound: (SampledSound fromFileNamed: {{Str(Meow)}}).
            t := Time millisecondClockValue. n := 0.
            [Time millisecondClockValue - t < 1500] whileTrue: [30 factorial. n := n + 1].
            n
            """);
        var seconds = clock.Elapsed.TotalSeconds;
        Assert.NotNull(device);
        var rate = device.Frames / seconds;
        output.WriteLine($"{loops} loops; {device.Frames} frames in {seconds:0.000} s: " +
                         $"{rate:0} frames/s for 22050 asked; {device.AudibleFrames} audible of {meowFrames}");
        Assert.InRange(rate, 22050 * 0.8, 22050 * 1.15);
        Assert.InRange(device.AudibleFrames, meowFrames * 0.9, meowFrames * 1.02);
    }

    [Fact]
    public void The_recorder_records_silence_at_the_rate_asked()
    {
        var (_, e) = Session();
        var text = Print(e, """
            | r snd |
            r := SoundRecorder new. r clearRecordedSound. r resumeRecording.
            (Delay forMilliseconds: 600) wait.
            r stopRecording. snd := r recordedSound.
            {snd duration. snd sounds inject: 0 into: [:n :s | n + (s samples inject: 0 into: [:m :x | m + x abs])]}
            """);
        output.WriteLine(text);
        var parts = text.Trim('(', ')').Split(' ');
        Assert.InRange(double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), 0.55, 0.9);
        Assert.Equal("0", parts[1]);
    }

    [Fact]
    public void The_sound_recorder_dialog_records_and_stops_without_an_error()
    {
        var (_, e) = Session();
        var text = Print(e, """
            | d r active |
            d := ScratchSoundRecorderDialogMorph new. d record.
            r := d instVarAt: (d class allInstVarNames indexOf: 'recorder').
            (Delay forMilliseconds: 300) wait.
            active := r isActive.
            d stop.
            {active. r isActive. r recordedSound class name}
            """);
        output.WriteLine(text);
        Assert.Equal("(true false #SequentialSound)", text);
    }

    /// <summary>A sound card that never takes another frame (a stalled driver).</summary>
    private sealed class StalledDevice : Runtime.Audio.IAudioDevice
    {
        public string Name => "stalled";
        public int Room() => 0;
        public void Queue(ReadOnlySpan<short> frames) => throw new InvalidOperationException("a stalled device was handed frames");
        public void Dispose() { }
    }

    [Fact]
    public void A_stalled_device_never_blocks_the_image()
    {
        var (vm, e) = Session();
        vm.AudioDevices = (_, _) => new StalledDevice();
        var clock = Stopwatch.StartNew();
        Assert.Equal("7", Print(e, $"SoundPlayer playSound: (SampledSound fromFileNamed: {Str(Meow)}). (Delay forMilliseconds: 500) wait. 3 + 4"));
        output.WriteLine($"answered after {clock.ElapsedMilliseconds} ms; {vm.SoundOut!.FramesWritten} frames waiting, {vm.SoundOut.AvailableBytes} bytes free");
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.5, 5);
        // The player filled what the plugin holds and waits on its semaphore, as it would on a real card.
        Assert.True(vm.SoundOut.AvailableBytes < 400, $"{vm.SoundOut.AvailableBytes} bytes still free");
        Assert.Equal(0, vm.SoundOut.FramesPlayed);
    }

    /// <summary>
    /// Scratch resumed as the launcher resumes it, for four seconds of its own start-up and UI process (no error
    /// traps: Scratch handles some failures itself with ifError:), then asked what its world holds.
    /// </summary>
    private static string WorldAfterStartUp(PrimitiveTable table)
    {
        var path = ImagePath();
        var vm = new Interpreter(ImageReader.Load(path), table) { ImagePath = path, InputSource = true, Timeout = TimeSpan.FromSeconds(60) };
        var director = new Thread(() =>
        {
            Thread.Sleep(4000);
            vm.Input.QuitRequested = true;
            vm.Input.Interrupt();
        }) { IsBackground = true };
        director.Start();
        var outcome = vm.Resume();
        director.Join();
        Assert.Equal(RunOutcome.Quit, outcome);
        vm.Input.QuitRequested = false;
        return Print(new Evaluator(vm), "(World submorphs collect: [:m | m class name]) asArray");
    }

    [Fact]
    public void Scratch_starts_up_without_a_notifier_where_a_failing_recorder_shows_one()
    {
        var ours = WorldAfterStartUp(PrimitiveTable.CreateStandard());
        var failing = PrimitiveTable.CreateStandard();
        foreach (var name in new[] { "primitiveSoundStopRecording", "primitiveSoundStartRecording", "primitiveSoundStart", "primitiveSoundStartWithSemaphore" })
            failing.AddNamed(SoundPlugin.Module, name, (vm, n) => vm.Fail());
        var without = WorldAfterStartUp(failing);
        output.WriteLine($"with the SoundPlugin: {ours}; with its primitives failing: {without}");
        Assert.Equal("(#ScratchFrameMorph)", ours);
        Assert.Equal("(#PreDebugWindow #ScratchFrameMorph)", without);
    }

    [Fact]
    public void Note_and_drum_blocks_play_through_the_synthesizer_and_MIDI_fails_into_the_images_code()
    {
        var (vm, e) = Session();
        Assert.Null(PrimitiveTable.CreateStandard().Named("MIDIPlugin", "primitiveMIDIGetPortCount"));
        RecordingAudioDevice? device = null;
        vm.AudioDevices = (rate, _) => device = new RecordingAudioDevice(rate);
        Assert.Equal("0", Print(e, "SimpleMIDIPort primPortCount"));
        Print(e, """
            | p |
            p := ScratchNotePlayer new. p noteOn: 60. (Delay forMilliseconds: 300) wait. p noteOff.
            p drumOn: 40. (Delay forMilliseconds: 300) wait. p drumOff
            """);
        Assert.NotNull(device);
        output.WriteLine($"{device.AudibleFrames} audible frames of {device.Frames}");
        Assert.True(device.AudibleFrames > 22050 / 10, $"the notes were not heard: {device.AudibleFrames} audible frames");
    }
}
