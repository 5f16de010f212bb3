using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: InternalsVisibleTo("ImageAot.Tests")]

namespace ImageAot.Launcher.Window;

/// <summary>
/// The few functions of SDL 2 (Debian's libSDL2-2.0.so.0) the window uses, bound by hand. Only
/// x64/arm64 layouts are described (pointers of 8 bytes, SDL_Event of 56 bytes).
/// </summary>
internal static partial class Sdl
{
    private const string Lib = "libSDL2-2.0.so.0";

    public const uint InitVideo = 0x20;

    public const int WindowPosUndefined = 0x1FFF0000;
    public const uint WindowShown = 0x4, WindowResizable = 0x20, WindowFullscreenDesktop = 0x1001;

    public const uint PixelFormatArgb8888 = 0x16362004;
    public const int TextureAccessStreaming = 1;

    public const string HintNoSignalHandlers = "SDL_NO_SIGNAL_HANDLERS";

    [StructLayout(LayoutKind.Sequential)]
    public struct Rect
    {
        public int X, Y, W, H;
        public Rect(int x, int y, int w, int h) { X = x; Y = y; W = w; H = h; }
    }

    [LibraryImport(Lib, EntryPoint = "SDL_Init")]
    public static partial int Init(uint flags);

    [LibraryImport(Lib, EntryPoint = "SDL_Quit")]
    public static partial void Quit();

    [LibraryImport(Lib, EntryPoint = "SDL_GetError")]
    private static partial IntPtr GetErrorPtr();

    public static string GetError() => Marshal.PtrToStringUTF8(GetErrorPtr()) ?? "";

    [LibraryImport(Lib, EntryPoint = "SDL_SetHint", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetHint(string name, string value);

    [LibraryImport(Lib, EntryPoint = "SDL_free")]
    public static partial void Free(IntPtr p);

    // Windows

    [LibraryImport(Lib, EntryPoint = "SDL_CreateWindow", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr CreateWindow(string title, int x, int y, int w, int h, uint flags);

    [LibraryImport(Lib, EntryPoint = "SDL_DestroyWindow")]
    public static partial void DestroyWindow(IntPtr window);

    [LibraryImport(Lib, EntryPoint = "SDL_SetWindowTitle", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void SetWindowTitle(IntPtr window, string title);

    [LibraryImport(Lib, EntryPoint = "SDL_GetWindowSize")]
    public static partial void GetWindowSize(IntPtr window, out int w, out int h);

    [LibraryImport(Lib, EntryPoint = "SDL_SetWindowSize")]
    public static partial void SetWindowSize(IntPtr window, int w, int h);

    [LibraryImport(Lib, EntryPoint = "SDL_GetWindowPosition")]
    public static partial void GetWindowPosition(IntPtr window, out int x, out int y);

    [LibraryImport(Lib, EntryPoint = "SDL_SetWindowFullscreen")]
    public static partial int SetWindowFullscreen(IntPtr window, uint flags);

    // Renderer and texture

    [LibraryImport(Lib, EntryPoint = "SDL_CreateRenderer")]
    public static partial IntPtr CreateRenderer(IntPtr window, int index, uint flags);

    [LibraryImport(Lib, EntryPoint = "SDL_DestroyRenderer")]
    public static partial void DestroyRenderer(IntPtr renderer);

    [LibraryImport(Lib, EntryPoint = "SDL_CreateTexture")]
    public static partial IntPtr CreateTexture(IntPtr renderer, uint format, int access, int w, int h);

    [LibraryImport(Lib, EntryPoint = "SDL_DestroyTexture")]
    public static partial void DestroyTexture(IntPtr texture);

    [LibraryImport(Lib, EntryPoint = "SDL_UpdateTexture")]
    public static unsafe partial int UpdateTexture(IntPtr texture, Rect* rect, void* pixels, int pitch);

    [LibraryImport(Lib, EntryPoint = "SDL_SetRenderDrawColor")]
    public static partial int SetRenderDrawColor(IntPtr renderer, byte r, byte g, byte b, byte a);

    [LibraryImport(Lib, EntryPoint = "SDL_RenderClear")]
    public static partial int RenderClear(IntPtr renderer);

    [LibraryImport(Lib, EntryPoint = "SDL_RenderCopy")]
    public static unsafe partial int RenderCopy(IntPtr renderer, IntPtr texture, Rect* src, Rect* dst);

    [LibraryImport(Lib, EntryPoint = "SDL_RenderPresent")]
    public static partial void RenderPresent(IntPtr renderer);

    // Events

    public const uint EventQuit = 0x100, EventWindow = 0x200, EventKeyDown = 0x300, EventKeyUp = 0x301,
        EventTextInput = 0x303, EventMouseMotion = 0x400, EventMouseButtonDown = 0x401, EventMouseButtonUp = 0x402,
        EventMouseWheel = 0x403;

    public const byte WindowEventExposed = 3, WindowEventResized = 5, WindowEventSizeChanged = 6, WindowEventClose = 14;

    public const byte ButtonLeft = 1, ButtonMiddle = 2, ButtonRight = 3;
    public const uint MouseWheelFlipped = 1;

    [LibraryImport(Lib, EntryPoint = "SDL_WaitEventTimeout")]
    public static partial int WaitEventTimeout(out Event e, int timeoutMs);

    [LibraryImport(Lib, EntryPoint = "SDL_PollEvent")]
    public static partial int PollEvent(out Event e);

    [LibraryImport(Lib, EntryPoint = "SDL_PushEvent")]
    public static partial int PushEvent(in Event e);

    /// <summary>Answers the first of <paramref name="count"/> new event types, or uint.MaxValue when none are left.</summary>
    [LibraryImport(Lib, EntryPoint = "SDL_RegisterEvents")]
    public static partial uint RegisterEvents(int count);

    [LibraryImport(Lib, EntryPoint = "SDL_StartTextInput")]
    public static partial void StartTextInput();

    [LibraryImport(Lib, EntryPoint = "SDL_GetModState")]
    public static partial ushort GetModState();

    // Keyboard modifiers (SDL_Keymod)
    public const ushort KmodShift = 0x0003, KmodCtrl = 0x00C0, KmodLAlt = 0x0100, KmodRAlt = 0x0200, KmodAlt = 0x0300,
        KmodGui = 0x0C00;

    // Key codes (SDL_Keycode): characters are their own code; the others carry this bit over their scancode.
    public const int KeycodeScancodeBit = 1 << 30;
    public const int KeyReturn = '\r', KeyEscape = 27, KeyBackspace = 8, KeyTab = 9, KeyDelete = 127,
        KeyInsert = 73 | KeycodeScancodeBit, KeyHome = 74 | KeycodeScancodeBit, KeyPageUp = 75 | KeycodeScancodeBit,
        KeyEnd = 77 | KeycodeScancodeBit, KeyPageDown = 78 | KeycodeScancodeBit, KeyRight = 79 | KeycodeScancodeBit,
        KeyLeft = 80 | KeycodeScancodeBit, KeyDown = 81 | KeycodeScancodeBit, KeyUp = 82 | KeycodeScancodeBit,
        KeyKeypadEnter = 88 | KeycodeScancodeBit;

    // Cursors

    [LibraryImport(Lib, EntryPoint = "SDL_CreateCursor")]
    public static unsafe partial IntPtr CreateCursor(byte* data, byte* mask, int w, int h, int hotX, int hotY);

    [LibraryImport(Lib, EntryPoint = "SDL_GetDefaultCursor")]
    public static partial IntPtr GetDefaultCursor();

    [LibraryImport(Lib, EntryPoint = "SDL_SetCursor")]
    public static partial void SetCursor(IntPtr cursor);

    [LibraryImport(Lib, EntryPoint = "SDL_FreeCursor")]
    public static partial void FreeCursor(IntPtr cursor);

    // Clipboard

    [LibraryImport(Lib, EntryPoint = "SDL_GetClipboardText")]
    private static partial IntPtr GetClipboardTextPtr();

    [LibraryImport(Lib, EntryPoint = "SDL_HasClipboardText")]
    private static partial int HasClipboardText();

    [LibraryImport(Lib, EntryPoint = "SDL_SetClipboardText", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetClipboardText(string text);

    /// <summary>The clipboard's text, or null when it has none.</summary>
    public static string? GetClipboardText()
    {
        if (HasClipboardText() == 0) return null;
        var p = GetClipboardTextPtr();
        if (p == IntPtr.Zero) return null;
        try { return Marshal.PtrToStringUTF8(p); }
        finally { Free(p); }
    }

    /// <summary>
    /// SDL_Event: a 56-byte union whose first field is the type. The members used here, each
    /// starting with type (0), timestamp (4) and the window id (8).
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 56)]
    public struct Event
    {
        [FieldOffset(0)] public uint Type;
        [FieldOffset(0)] public WindowEvent Window;
        [FieldOffset(0)] public KeyboardEvent Key;
        [FieldOffset(0)] public TextInputEvent Text;
        [FieldOffset(0)] public MouseMotionEvent Motion;
        [FieldOffset(0)] public MouseButtonEvent Button;
        [FieldOffset(0)] public MouseWheelEvent Wheel;
        [FieldOffset(0)] public UserEvent User;
    }

    [StructLayout(LayoutKind.Explicit, Size = 24)]
    public struct WindowEvent
    {
        [FieldOffset(0)] public uint Type;
        [FieldOffset(8)] public uint WindowId;
        [FieldOffset(12)] public byte Event;
        [FieldOffset(16)] public int Data1;
        [FieldOffset(20)] public int Data2;
    }

    /// <summary>SDL_KeyboardEvent with its SDL_Keysym (scancode 16, sym 20, mod 24) spelled out.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    public struct KeyboardEvent
    {
        [FieldOffset(0)] public uint Type;
        [FieldOffset(8)] public uint WindowId;
        [FieldOffset(12)] public byte State;
        [FieldOffset(13)] public byte Repeat;
        [FieldOffset(16)] public int Scancode;
        [FieldOffset(20)] public int Sym;
        [FieldOffset(24)] public ushort Mod;
    }

    [StructLayout(LayoutKind.Explicit, Size = 44)]
    public unsafe struct TextInputEvent
    {
        [FieldOffset(0)] public uint Type;
        [FieldOffset(8)] public uint WindowId;
        /// <summary>Zero-terminated UTF-8, at most 32 bytes.</summary>
        [FieldOffset(12)] public fixed byte Text[32];
    }

    [StructLayout(LayoutKind.Explicit, Size = 36)]
    public struct MouseMotionEvent
    {
        [FieldOffset(0)] public uint Type;
        [FieldOffset(8)] public uint WindowId;
        [FieldOffset(12)] public uint Which;
        [FieldOffset(16)] public uint State;
        [FieldOffset(20)] public int X;
        [FieldOffset(24)] public int Y;
        [FieldOffset(28)] public int XRel;
        [FieldOffset(32)] public int YRel;
    }

    [StructLayout(LayoutKind.Explicit, Size = 28)]
    public struct MouseButtonEvent
    {
        [FieldOffset(0)] public uint Type;
        [FieldOffset(8)] public uint WindowId;
        [FieldOffset(12)] public uint Which;
        [FieldOffset(16)] public byte Button;
        [FieldOffset(17)] public byte State;
        [FieldOffset(18)] public byte Clicks;
        [FieldOffset(20)] public int X;
        [FieldOffset(24)] public int Y;
    }

    [StructLayout(LayoutKind.Explicit, Size = 28)]
    public struct MouseWheelEvent
    {
        [FieldOffset(0)] public uint Type;
        [FieldOffset(8)] public uint WindowId;
        [FieldOffset(12)] public uint Which;
        [FieldOffset(16)] public int X;
        [FieldOffset(20)] public int Y;
        [FieldOffset(24)] public uint Direction;
    }

    [StructLayout(LayoutKind.Explicit, Size = 32)]
    public struct UserEvent
    {
        [FieldOffset(0)] public uint Type;
        [FieldOffset(8)] public uint WindowId;
        [FieldOffset(12)] public int Code;
        [FieldOffset(16)] public IntPtr Data1;
        [FieldOffset(24)] public IntPtr Data2;
    }
}
