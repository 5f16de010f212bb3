using System.Collections.Concurrent;
using ImageAot.Runtime.Display;
using ImageAot.Runtime.Execution;

namespace ImageAot.Launcher.Window;

/// <summary>No window can be opened (no X display, or SDL 2 missing); the message is one line that suggests --headless.</summary>
public sealed class WindowUnavailableException(string message) : Exception(message);

/// <summary>
/// The image's screen in an SDL 2 window. SDL is driven only from the thread that opened the
/// window (the process's main thread), in <see cref="RunEventLoop"/>; the VM thread's calls
/// (<see cref="ScreenChanged"/>, cursor, full screen, clipboard) only queue work and wake that
/// thread with an SDL user event. The screen is drawn 1:1 at the top left of the window, the
/// rest black; when the window is resized the new size goes to <see cref="Screen.WindowWidth"/>
/// and <see cref="Screen.WindowHeight"/>, which the image polls (primitive 106) to redraw itself.
/// Input is mapped as <see cref="SdlInputTranslator"/> describes.
/// <para>Closing the window posts a window-close event (images without event support quit at
/// once, <see cref="InputQueue.QuitRequested"/>). A second close, or a close the image has not
/// noticed within 2 seconds, ends the VM (<see cref="InputQueue.QuitRequested"/>); a close the
/// image took more than 10 seconds ago does not count, so that an image that asked "quit?" and
/// was told no asks again. If the VM has not finished 2 seconds after that, the event loop
/// returns anyway.</para>
/// </summary>
public sealed class SdlWindow : IDisplayHost, IDisposable
{
    /// <summary>How the window reads the environment (tests replace it).</summary>
    internal static Func<string, string?> GetEnvironment = Environment.GetEnvironmentVariable;

    private const int LoopTimeoutMs = 50;
    private const long CloseGraceMs = 2000, QuitGraceMs = 2000, RepeatCloseMs = 300, CloseForgottenMs = 10_000;
    private const int ClipboardWaitMs = 2000;

    private readonly Screen screen;
    private readonly InputQueue input;
    private readonly SdlInputTranslator translator;
    private readonly int ownerThread;
    private readonly uint wakeEventType;
    private IntPtr window, renderer, texture, cursor;
    private int textureWidth, textureHeight;

    private readonly ConcurrentQueue<Action> work = new();
    private int wakePending;
    private volatile bool loopEnded, disposed;
    private bool needPresent;

    private long? closePostedAt, closeTakenAt, forcedQuitAt;
    private long closeNumber;
    private long lastCloseAt = long.MinValue / 2;

    private SdlWindow(Screen screen, InputQueue input, bool swapButtons, IntPtr window, IntPtr renderer, uint wakeEventType)
    {
        this.screen = screen;
        this.input = input;
        this.window = window;
        this.renderer = renderer;
        this.wakeEventType = wakeEventType;
        ownerThread = Environment.CurrentManagedThreadId;
        translator = new SdlInputTranslator(input, swapButtons);
    }

    /// <summary>
    /// Opens a resizable window of <paramref name="width"/> × <paramref name="height"/> titled
    /// <paramref name="title"/> (the image's file name) for <paramref name="vm"/>'s screen and input,
    /// on the calling thread, which must then run <see cref="RunEventLoop"/> and <see cref="Dispose"/>.
    /// <paramref name="swapButtons"/> exchanges the yellow (middle) and blue (right) buttons.
    /// </summary>
    /// <exception cref="WindowUnavailableException">no X display, or libSDL2 cannot be loaded.</exception>
    public static SdlWindow Open(string title, int width, int height, Interpreter vm, bool swapButtons = false) =>
        Open(title, width, height, vm.Screen, vm.Input, swapButtons);

    /// <summary>Opens a window for a screen and input queue (see the other overload).</summary>
    public static SdlWindow Open(string title, int width, int height, Screen screen, InputQueue input, bool swapButtons = false)
    {
        if (OperatingSystem.IsLinux() && string.IsNullOrEmpty(GetEnvironment("DISPLAY")) && string.IsNullOrEmpty(GetEnvironment("WAYLAND_DISPLAY")))
            throw Unavailable("no X display: DISPLAY is not set");
        try
        {
            // Ctrl-C in the terminal ends the VM as usual instead of becoming a window close.
            Sdl.SetHint(Sdl.HintNoSignalHandlers, "1");
            if (Sdl.Init(Sdl.InitVideo) != 0) throw Unavailable($"no X display: {Sdl.GetError()}");
        }
        catch (DllNotFoundException)
        {
            throw Unavailable("libSDL2 cannot be loaded: install the package libsdl2-2.0-0");
        }
        var w = Sdl.CreateWindow(title, Sdl.WindowPosUndefined, Sdl.WindowPosUndefined, Math.Max(1, width), Math.Max(1, height),
            Sdl.WindowShown | Sdl.WindowResizable);
        if (w == IntPtr.Zero)
        {
            var error = Sdl.GetError();
            Sdl.Quit();
            throw Unavailable($"the window could not be created: {error}");
        }
        var r = Sdl.CreateRenderer(w, -1, 0);
        if (r == IntPtr.Zero)
        {
            var error = Sdl.GetError();
            Sdl.DestroyWindow(w);
            Sdl.Quit();
            throw Unavailable($"the window cannot be drawn: {error}");
        }
        Sdl.StartTextInput();
        var win = new SdlWindow(screen, input, swapButtons, w, r, Sdl.RegisterEvents(1));
        Sdl.GetWindowSize(w, out var ww, out var wh);
        screen.WindowWidth = ww;
        screen.WindowHeight = wh;
        screen.Host = win;
        win.needPresent = true;
        win.Service();
        return win;
    }

    private static WindowUnavailableException Unavailable(string why) => new($"cannot open a window ({why}); use --headless");

    /// <summary>
    /// Runs the window on the thread that opened it until <paramref name="vmDone"/> answers true:
    /// waits for events (at most 50 ms at a time, so an idle window costs almost nothing and the
    /// VM's end is seen soon), passes input to the VM, shows what changed on the screen. Answers
    /// 0 when the VM finished, 1 when it was told to quit (window closed) and did not finish within
    /// 2 seconds; the caller then ends the process.
    /// </summary>
    public int RunEventLoop(Func<bool> vmDone)
    {
        if (Environment.CurrentManagedThreadId != ownerThread)
            throw new InvalidOperationException("the window's event loop must run on the thread that opened it");
        ObjectDisposedException.ThrowIf(disposed, this);
        try
        {
            while (true)
            {
                if (vmDone()) return 0;
                var now = Environment.TickCount64;
                if (forcedQuitAt is long f && now - f > QuitGraceMs) return 1;
                WatchClose(now);
                if (Sdl.WaitEventTimeout(out var e, LoopTimeoutMs) != 0)
                {
                    do Handle(e);
                    while (Sdl.PollEvent(out e) != 0);
                }
                translator.EndOfBatch();
                if (needPresent || Volatile.Read(ref wakePending) != 0 || !work.IsEmpty) Service();
            }
        }
        finally
        {
            loopEnded = true;
            while (work.TryDequeue(out var a)) a();
        }
    }

    private void Handle(in Sdl.Event e)
    {
        switch (e.Type)
        {
            case Sdl.EventWindow:
                switch (e.Window.Event)
                {
                    case Sdl.WindowEventExposed:
                        needPresent = true;
                        break;
                    case Sdl.WindowEventSizeChanged:
                        screen.WindowWidth = e.Window.Data1;
                        screen.WindowHeight = e.Window.Data2;
                        needPresent = true;
                        break;
                    case Sdl.WindowEventClose:
                        CloseRequested();
                        break;
                }
                break;
            case Sdl.EventQuit:
                CloseRequested();
                break;
            default:
                if (e.Type != wakeEventType) translator.Handle(e);
                break;
        }
    }

    /// <summary>The user closed the window (one click gives both a window close and a quit event: they count once).</summary>
    private void CloseRequested()
    {
        var now = Environment.TickCount64;
        var repeated = now - lastCloseAt < RepeatCloseMs;
        lastCloseAt = now;
        if (repeated) return;
        if (closePostedAt is null || closeTakenAt is long taken && now - taken > CloseForgottenMs)
        {
            closePostedAt = now;
            closeTakenAt = null;
            closeNumber = input.Post(InputEvent.Window(WindowAction.Close));
        }
        else ForceQuit(now);
    }

    /// <summary>
    /// After a close: an image that has not taken the close event within the grace time is busy
    /// (or stuck), and the VM is told to quit.
    /// </summary>
    private void WatchClose(long now)
    {
        if (closePostedAt is not long posted || forcedQuitAt is not null) return;
        if (input.QuitRequested) forcedQuitAt = now;   // the queue told an image without events to quit
        else if (closeTakenAt is not null) return;
        else if (input.TakenCount >= closeNumber) closeTakenAt = now;
        else if (now - posted > CloseGraceMs) ForceQuit(now);
    }

    private void ForceQuit(long now)
    {
        forcedQuitAt ??= now;
        input.QuitRequested = true;
        input.Interrupt();
    }

    /// <summary>Runs queued work, uploads the changed part of the screen, presents. On the window's thread.</summary>
    private unsafe void Service()
    {
        Interlocked.Exchange(ref wakePending, 0);
        while (work.TryDequeue(out var a)) a();
        lock (screen.Sync)
        {
            var changed = screen.TakeChanges();
            if (screen.Width != textureWidth || screen.Height != textureHeight)
            {
                if (texture != IntPtr.Zero) Sdl.DestroyTexture(texture);
                texture = screen.Width > 0 && screen.Height > 0
                    ? Sdl.CreateTexture(renderer, Sdl.PixelFormatArgb8888, Sdl.TextureAccessStreaming, screen.Width, screen.Height)
                    : IntPtr.Zero;
                textureWidth = screen.Width;
                textureHeight = screen.Height;
                changed = PixelRect.Sized(screen.Width, screen.Height);
                needPresent = true;
            }
            changed = changed.Intersect(PixelRect.Sized(screen.Width, screen.Height));
            if (!changed.IsEmpty && texture != IntPtr.Zero)
            {
                var rect = new Sdl.Rect(changed.Left, changed.Top, changed.Width, changed.Height);
                fixed (uint* pixels = screen.Pixels)
                    Sdl.UpdateTexture(texture, &rect, pixels + (long)changed.Top * screen.Width + changed.Left, screen.Width * 4);
                needPresent = true;
            }
        }
        if (needPresent) Present();
    }

    private unsafe void Present()
    {
        needPresent = false;
        Sdl.SetRenderDrawColor(renderer, 0, 0, 0, 255);
        Sdl.RenderClear(renderer);
        if (texture != IntPtr.Zero)
        {
            var dst = new Sdl.Rect(0, 0, textureWidth, textureHeight);
            Sdl.RenderCopy(renderer, texture, null, &dst);
        }
        Sdl.RenderPresent(renderer);
    }

    /// <summary>Wakes the window's thread (at most one wake-up event waits at a time).</summary>
    private void Wake()
    {
        if (disposed || Interlocked.Exchange(ref wakePending, 1) != 0) return;
        if (wakeEventType == uint.MaxValue) return;   // no event type: the loop's timeout finds the flag
        var e = new Sdl.Event { Type = wakeEventType };
        Sdl.PushEvent(e);
    }

    /// <summary>Runs <paramref name="action"/> on the window's thread: now when called there, else at its next turn.</summary>
    private void OnWindowThread(Action action)
    {
        if (Environment.CurrentManagedThreadId == ownerThread) { if (!disposed) action(); return; }
        if (disposed) return;
        work.Enqueue(action);
        Wake();
    }

    public void ScreenChanged(Screen screen) => Wake();

    /// <summary>A 1-bit SDL cursor: set bits black, masked-in clear bits white, the rest transparent.</summary>
    public void SetCursor(CursorImage? image) => OnWindowThread(() =>
    {
        var previous = cursor;
        cursor = image is null ? IntPtr.Zero : MakeCursor(image);
        Sdl.SetCursor(cursor != IntPtr.Zero ? cursor : Sdl.GetDefaultCursor());
        if (previous != IntPtr.Zero) Sdl.FreeCursor(previous);
    });

    private static unsafe IntPtr MakeCursor(CursorImage c)
    {
        var width = Math.Clamp(c.Width, 1, 32);
        var height = Math.Clamp(c.Height, 1, Math.Min(c.Bits.Length, 32));
        var rowBytes = (width + 7) / 8;
        var data = new byte[rowBytes * height];
        var mask = new byte[rowBytes * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var set = c.IsSet(x, y);
                var opaque = set || (c.Mask is { } m && y < m.Length && c.IsOpaque(x, y));
                var bit = (byte)(0x80 >> (x & 7));
                // SDL: data 1 + mask 1 black, data 0 + mask 1 white, mask 0 transparent.
                if (set) data[y * rowBytes + x / 8] |= bit;
                if (opaque) mask[y * rowBytes + x / 8] |= bit;
            }
        fixed (byte* d = data)
        fixed (byte* mk = mask)
            return Sdl.CreateCursor(d, mk, rowBytes * 8, height, Math.Clamp(c.HotX, 0, width - 1), Math.Clamp(c.HotY, 0, height - 1));
    }

    public void SetFullScreen(bool on) =>
        OnWindowThread(() => Sdl.SetWindowFullscreen(window, on ? Sdl.WindowFullscreenDesktop : 0));

    public void SetTitle(string title) => OnWindowThread(() => Sdl.SetWindowTitle(window, title));

    /// <summary>The clipboard's text, read on the window's thread; null if it has none or the window does not answer within 2 seconds.</summary>
    public string? GetClipboard()
    {
        if (Environment.CurrentManagedThreadId == ownerThread) return disposed ? null : Sdl.GetClipboardText();
        if (disposed || loopEnded) return null;
        var answer = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        OnWindowThread(() => answer.TrySetResult(Sdl.GetClipboardText()));
        return answer.Task.Wait(ClipboardWaitMs) ? answer.Task.Result : null;
    }

    public void SetClipboard(string text) => OnWindowThread(() => Sdl.SetClipboardText(text));

    /// <summary>Runs <paramref name="action"/> with the SDL window on the window's thread (for tests).</summary>
    internal void OnWindowThread(Action<IntPtr> action) => OnWindowThread(() => action(window));

    /// <summary>Where the window is on the X screen (for tests).</summary>
    internal (int X, int Y) Position
    {
        get
        {
            Sdl.GetWindowPosition(window, out var x, out var y);
            return (x, y);
        }
    }

    /// <summary>Closes the window and SDL; on the thread that opened it.</summary>
    public void Dispose()
    {
        if (disposed) return;
        if (ReferenceEquals(screen.Host, this)) screen.Host = null;
        loopEnded = true;
        while (work.TryDequeue(out var a)) a();
        disposed = true;
        if (cursor != IntPtr.Zero) Sdl.FreeCursor(cursor);
        if (texture != IntPtr.Zero) Sdl.DestroyTexture(texture);
        if (renderer != IntPtr.Zero) Sdl.DestroyRenderer(renderer);
        if (window != IntPtr.Zero) Sdl.DestroyWindow(window);
        cursor = texture = renderer = window = IntPtr.Zero;
        Sdl.Quit();
    }
}
