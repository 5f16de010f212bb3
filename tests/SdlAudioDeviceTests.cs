using System.Diagnostics;
using System.Runtime.InteropServices;
using ImageAot.Launcher.Window;
using ImageAot.Runtime.Audio;
using Xunit;
using Xunit.Abstractions;

namespace ImageAot.Tests;

/// <summary>
/// The SDL sound card device in this process. SDL's state is process-wide, so these run in the
/// same collection as the window's tests, never beside them.
/// </summary>
[Collection(SdlCollection.Name)]
public sealed class SdlAudioDeviceTests(ITestOutputHelper output)
{
    [Fact]
    public void AudioSpecHasTheX64Layout() => Assert.Equal(32, Marshal.SizeOf<Sdl.AudioSpec>());

    [Fact]
    public void SdlsDummyDriverFallsBackToTheSilentDevice()
    {
        Sdl.SetHint("SDL_AUDIODRIVER", "dummy");
        try
        {
            Assert.Null(SdlAudioDevice.Open(22050, 2646));
            var vm = Runtime.Execution.Interpreter.ForPrimitiveTests(TestImages.Shared("cuis5.0-spur32.image"));
            vm.AudioDevices = SdlAudioDevice.Open;
            Assert.Equal("silent", vm.StartSound(22050, true, 2646, 0).Device.Name);
            vm.StopSound();
        }
        finally
        {
            Sdl.SetHint("SDL_AUDIODRIVER", "");
        }
    }

    [Fact]
    public void SdlsDiskDriverTakesQueuedFramesAtTheCardsPace()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("imageaot-sdl-audio").FullName, "out.raw");
        Sdl.SetHint("SDL_AUDIODRIVER", "disk");
        Sdl.SetHint("SDL_AUDIO_DISK_OUTPUT_FILE", file);
        try
        {
            using var device = SdlAudioDevice.Open(22050, 2646, acceptDiskDriver: true);
            Assert.NotNull(device);
            Assert.Equal("sdl:disk", device.Name);
            PlaysInRealTime(device);
        }
        finally
        {
            Sdl.SetHint("SDL_AUDIODRIVER", "");
            Directory.Delete(Path.GetDirectoryName(file)!, true);
        }
    }

    [Fact]
    public void TheDefaultOutputEitherPlaysInRealTimeOrFallsBack()
    {
        var device = SdlAudioDevice.Open(22050, 2646);
        if (device is null)
        {
            // No card here (CI, a container): the VM's start-up path must then take the silent device.
            var vm = Runtime.Execution.Interpreter.ForPrimitiveTests(TestImages.Shared("cuis5.0-spur32.image"));
            vm.AudioDevices = SdlAudioDevice.Open;
            var o = vm.StartSound(22050, true, 2646, 0);
            output.WriteLine($"no SDL audio output opened; the VM uses {o.Device.Name}");
            Assert.Equal("silent", o.Device.Name);
            vm.StopSound();
            return;
        }
        using (device)
        {
            output.WriteLine($"opened {device.Name}");
            Assert.StartsWith("sdl:", device.Name);
            PlaysInRealTime(device);
        }
    }

    /// <summary>A tenth of a second of tone fills the queue, and the card takes it back in about that time.</summary>
    private void PlaysInRealTime(IAudioDevice device)
    {
        var room = device.Room();
        Assert.True(room >= 2205, $"an empty queue has room for only {room} frames");
        var tone = new short[room * 2];
        for (var i = 0; i < room; i++) tone[2 * i] = tone[2 * i + 1] = (short)(8000 * Math.Sin(i * 2 * Math.PI * 440 / 22050));
        device.Queue(tone);
        Assert.True(device.Room() < room / 2, "queued frames did not take room");
        var clock = Stopwatch.StartNew();
        while (device.Room() < room * 9 / 10 && clock.ElapsedMilliseconds < 3000) Thread.Sleep(10);
        var seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine($"{room} frames drained in {seconds:0.000} s ({room / 22050.0:0.000} s of sound)");
        Assert.InRange(seconds, room / 22050.0 * 0.5, room / 22050.0 * 2 + 0.2);
    }
}

/// <summary>Tests that use SDL in this process: SDL_Init/SDL_Quit and hints are process-wide.</summary>
[CollectionDefinition(Name)]
public sealed class SdlCollection
{
    public const string Name = "SDL in this process";
}
