using System.Runtime.InteropServices;

namespace ImageAot.Launcher.Window;

// SDL 2's audio, through the queue API: the VM pushes frames when the device has room, no callback
// thread ever runs managed code.
internal static partial class Sdl
{
    public const uint InitAudio = 0x10;
    public const ushort AudioS16Lsb = 0x8010;

    /// <summary>SDL_AudioSpec on x64/arm64 (32 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    public struct AudioSpec
    {
        [FieldOffset(0)] public int Freq;
        [FieldOffset(4)] public ushort Format;
        [FieldOffset(6)] public byte Channels;
        [FieldOffset(7)] public byte Silence;
        [FieldOffset(8)] public ushort Samples;
        [FieldOffset(12)] public uint Size;
        [FieldOffset(16)] public IntPtr Callback;
        [FieldOffset(24)] public IntPtr UserData;
    }

    [LibraryImport(Lib, EntryPoint = "SDL_InitSubSystem")]
    public static partial int InitSubSystem(uint flags);

    [LibraryImport(Lib, EntryPoint = "SDL_QuitSubSystem")]
    public static partial void QuitSubSystem(uint flags);

    [LibraryImport(Lib, EntryPoint = "SDL_GetCurrentAudioDriver")]
    private static partial IntPtr GetCurrentAudioDriverPtr();

    public static string? GetCurrentAudioDriver() => Marshal.PtrToStringUTF8(GetCurrentAudioDriverPtr());

    /// <summary>Answers the device id, 0 on failure. A null name is the default output.</summary>
    [LibraryImport(Lib, EntryPoint = "SDL_OpenAudioDevice", StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint OpenAudioDevice(string? device, int isCapture, in AudioSpec desired, out AudioSpec obtained, int allowedChanges);

    [LibraryImport(Lib, EntryPoint = "SDL_PauseAudioDevice")]
    public static partial void PauseAudioDevice(uint device, int pauseOn);

    [LibraryImport(Lib, EntryPoint = "SDL_QueueAudio")]
    public static unsafe partial int QueueAudio(uint device, void* data, uint length);

    [LibraryImport(Lib, EntryPoint = "SDL_GetQueuedAudioSize")]
    public static partial uint GetQueuedAudioSize(uint device);

    [LibraryImport(Lib, EntryPoint = "SDL_CloseAudioDevice")]
    public static partial void CloseAudioDevice(uint device);
}
