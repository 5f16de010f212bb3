using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using ImageAot.Launcher.Window;
using ImageAot.Runtime.Display;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

/// <summary>The SDL window in this process, under an Xvfb of its own (one class: SDL and the environment hook are process-wide).</summary>
[Collection(SdlCollection.Name)]
public sealed class SdlWindowTests
{
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int NativeSetEnv(string name, string value, int overwrite);

    [Fact]
    public void SdlEventHasTheX64Layout() => Assert.Equal(56, Marshal.SizeOf<Sdl.Event>());

    [Fact]
    public void NoDisplayGivesWindowUnavailableSuggestingHeadless()
    {
        var saved = SdlWindow.GetEnvironment;
        SdlWindow.GetEnvironment = _ => null;
        try
        {
            var e = Assert.Throws<WindowUnavailableException>(() => SdlWindow.Open("t", 100, 100, new Screen(), new InputQueue()));
            Assert.Equal("cannot open a window (no X display: DISPLAY is not set); use --headless", e.Message);
        }
        finally
        {
            SdlWindow.GetEnvironment = saved;
        }
    }

    [Fact]
    public void WindowShowsTheScreenAndItsChangedParts()
    {
        XvfbServer.RequireTools();
        using var xvfb = XvfbServer.Start(640, 480);
        var saved = SdlWindow.GetEnvironment;
        NativeSetEnv("DISPLAY", xvfb.Display, 1);
        SdlWindow.GetEnvironment = name => name == "DISPLAY" ? xvfb.Display : null;
        try
        {
            const int w = 200, h = 150;
            var bits = new uint[w * h];
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    bits[y * w + x] = Pattern(x, y);
            var form = DisplayForm(bits, w, h);
            var screen = new Screen();
            var input = new InputQueue();
            var window = SdlWindow.Open("pattern", 320, 240, screen, input);
            Assert.Same(window, screen.Host);
            Assert.Equal((320, 240), (screen.WindowWidth, screen.WindowHeight));
            var (wx, wy) = window.Position;

            byte[]? first = null, second = null, third = null;
            (int, int) resized = default;
            string? clip = null;
            var done = false;
            var vm = new Thread(() =>
            {
                try
                {
                    screen.ShowAll(form);
                    Thread.Sleep(300);
                    first = xvfb.Grab();
                    for (var y = 40; y < 60; y++)
                        for (var x = 50; x < 90; x++)
                            bits[y * w + x] = 0x00FF00FFu;
                    screen.Show(form, new PixelRect(50, 40, 90, 60));
                    window.SetCursor(new CursorImage(16, 16, new uint[16], null, 0, 0));
                    Thread.Sleep(300);
                    second = xvfb.Grab();
                    window.SetClipboard("clip ✓");
                    clip = window.GetClipboard();
                    window.OnWindowThread(handle => Sdl.SetWindowSize(handle, 400, 300));
                    var deadline = Environment.TickCount64 + 2000;
                    while (screen.WindowWidth != 400 && Environment.TickCount64 < deadline) Thread.Sleep(20);
                    Thread.Sleep(200);
                    resized = (screen.WindowWidth, screen.WindowHeight);
                    third = xvfb.Grab();
                }
                finally
                {
                    Volatile.Write(ref done, true);
                }
            });
            vm.Start();
            Assert.Equal(0, window.RunEventLoop(() => Volatile.Read(ref done)));
            vm.Join();

            Assert.NotNull(first);
            Assert.NotNull(second);
            foreach (var (x, y) in new[] { (0, 0), (199, 0), (0, 149), (199, 149), (123, 77), (60, 50) })
                Assert.Equal(Pattern(x, y) & 0xFFFFFF, xvfb.PixelAt(first!, wx + x, wy + y));
            Assert.Equal(0u, xvfb.PixelAt(first!, wx + 250, wy + 100));   // outside the screen: black
            Assert.Equal(0u, xvfb.PixelAt(first!, wx + 100, wy + 200));
            Assert.Equal(0xFF00FFu, xvfb.PixelAt(second!, wx + 50, wy + 40));
            Assert.Equal(0xFF00FFu, xvfb.PixelAt(second!, wx + 89, wy + 59));
            Assert.Equal(Pattern(49, 40) & 0xFFFFFF, xvfb.PixelAt(second!, wx + 49, wy + 40));
            Assert.Equal(Pattern(90, 59) & 0xFFFFFF, xvfb.PixelAt(second!, wx + 90, wy + 59));
            Assert.Equal("clip ✓", clip);
            Assert.Equal((400, 300), resized);
            Assert.Equal(Pattern(123, 77) & 0xFFFFFF, xvfb.PixelAt(third!, wx + 123, wy + 77));
            Assert.Equal(0u, xvfb.PixelAt(third!, wx + 350, wy + 280));
            window.Dispose();
            Assert.Null(screen.Host);
        }
        finally
        {
            SdlWindow.GetEnvironment = saved;
        }
    }

    [Fact]
    public void ClosingTwiceEndsAnImageThatTakesEvents() => WithWindow((window, input, xvfb) =>
    {
        input.ImageUsesEvents = true;
        var firstClose = default(InputEvent);
        var quitAfterFirst = true;
        var done = false;
        var vm = new Thread(() =>
        {
            try
            {
                PushQuit();
                var deadline = Environment.TickCount64 + 2000;
                while (Environment.TickCount64 < deadline && firstClose.Type != InputEventType.Window)
                    if (!input.TryTake(out firstClose, out _)) Thread.Sleep(10);
                input.SignalPending = false;   // as the VM does when it notices input
                Thread.Sleep(400);
                quitAfterFirst = input.QuitRequested;
                PushQuit();
                deadline = Environment.TickCount64 + 2000;
                while (!input.QuitRequested && Environment.TickCount64 < deadline) Thread.Sleep(10);
            }
            finally
            {
                Volatile.Write(ref done, true);
            }
        });
        vm.Start();
        Assert.Equal(0, window.RunEventLoop(() => Volatile.Read(ref done)));
        vm.Join();
        Assert.Equal(InputEvent.Window(WindowAction.Close), firstClose);
        Assert.False(quitAfterFirst);
        Assert.True(input.QuitRequested);
    });

    [Fact]
    public void ClosingQuitsAnImageWithoutEventsAndTheLoopGivesUpOnAStuckVm() => WithWindow((window, input, xvfb) =>
    {
        var vm = new Thread(() => PushQuit());
        vm.Start();
        var started = Environment.TickCount64;
        Assert.Equal(1, window.RunEventLoop(() => false));   // the "VM" never finishes
        var took = Environment.TickCount64 - started;
        vm.Join();
        Assert.True(input.QuitRequested);
        Assert.InRange(took, 1500, 3000);
    });

    private static void PushQuit()
    {
        var e = new Sdl.Event { Type = Sdl.EventQuit };
        Sdl.PushEvent(e);
    }

    private static void WithWindow(Action<SdlWindow, InputQueue, XvfbServer> test)
    {
        XvfbServer.RequireTools();
        using var xvfb = XvfbServer.Start(640, 480);
        var saved = SdlWindow.GetEnvironment;
        NativeSetEnv("DISPLAY", xvfb.Display, 1);
        SdlWindow.GetEnvironment = name => name == "DISPLAY" ? xvfb.Display : null;
        try
        {
            var input = new InputQueue();
            using var window = SdlWindow.Open("close", 100, 100, new Screen(), input);
            test(window, input, xvfb);
        }
        finally
        {
            SdlWindow.GetEnvironment = saved;
        }
    }

    private static uint Pattern(int x, int y) => 0xFF000000u | (uint)(x % 256) << 16 | (uint)(y * 255 / 149) << 8 | 0x80u;

    /// <summary>A 32-bit Display form: bits, width, height, depth.</summary>
    private static Value DisplayForm(uint[] bits, int w, int h)
    {
        var cls = new PointersObject(null!, 0, 0, []);
        var words = new WordsObject(cls, 0, 10, bits);
        return new PointersObject(cls, 0, 1, [words, Value.SmallInt(w), Value.SmallInt(h), Value.SmallInt(32)]);
    }
}

/// <summary>SDL input to Squeak events, without a window.</summary>
public sealed class SdlWindowInputTests
{
    private static (SdlInputTranslator T, InputQueue Q) Make(bool swap = false, ushort mods = 0)
    {
        var q = new InputQueue { ImageUsesEvents = true, ImageWantsWheelEvents = true };
        return (new SdlInputTranslator(q, swap, () => mods), q);
    }

    private static List<InputEvent> Drain(InputQueue q)
    {
        var list = new List<InputEvent>();
        while (q.TryTake(out var e, out _)) list.Add(e);
        return list;
    }

    private static Sdl.Event Key(uint type, int sym, int scancode, ushort mod = 0)
    {
        var e = new Sdl.Event();
        e.Key.Type = type;
        e.Key.Sym = sym;
        e.Key.Scancode = scancode;
        e.Key.Mod = mod;
        return e;
    }

    private static Sdl.Event Text(string s)
    {
        var raw = new byte[56];
        BitConverter.TryWriteBytes(raw.AsSpan(0, 4), Sdl.EventTextInput);
        Encoding.UTF8.GetBytes(s).CopyTo(raw.AsSpan(12));
        return MemoryMarshal.Read<Sdl.Event>(raw);
    }

    private static Sdl.Event Button(uint type, byte button, int x, int y)
    {
        var e = new Sdl.Event();
        e.Button.Type = type;
        e.Button.Button = button;
        e.Button.X = x;
        e.Button.Y = y;
        return e;
    }

    [Fact]
    public void ButtonsAreRedYellowBlueAndSwapExchangesYellowAndBlue()
    {
        var (t, q) = Make();
        t.Handle(Button(Sdl.EventMouseButtonDown, Sdl.ButtonLeft, 5, 6));
        t.Handle(Button(Sdl.EventMouseButtonDown, Sdl.ButtonMiddle, 5, 6));
        t.Handle(Button(Sdl.EventMouseButtonUp, Sdl.ButtonLeft, 5, 6));
        t.Handle(Button(Sdl.EventMouseButtonDown, Sdl.ButtonRight, 7, 8));
        Assert.Equal(
            [InputEvent.Mouse(5, 6, 4, 0), InputEvent.Mouse(5, 6, 6, 0), InputEvent.Mouse(5, 6, 2, 0), InputEvent.Mouse(7, 8, 3, 0)],
            Drain(q));
        var (s, sq) = Make(swap: true);
        s.Handle(Button(Sdl.EventMouseButtonDown, Sdl.ButtonMiddle, 1, 1));
        s.Handle(Button(Sdl.EventMouseButtonUp, Sdl.ButtonMiddle, 1, 1));
        s.Handle(Button(Sdl.EventMouseButtonDown, Sdl.ButtonRight, 1, 1));
        Assert.Equal([InputEvent.Mouse(1, 1, 1, 0), InputEvent.Mouse(1, 1, 0, 0), InputEvent.Mouse(1, 1, 2, 0)], Drain(sq));
    }

    [Fact]
    public void MotionCarriesButtonsAndModifiers()
    {
        var (t, q) = Make(mods: 0x0001 | 0x0040 | 0x0100 | 0x0400);
        var e = new Sdl.Event();
        e.Motion.Type = Sdl.EventMouseMotion;
        e.Motion.X = 10;
        e.Motion.Y = 20;
        e.Motion.State = 1 | 4;
        t.Handle(e);
        Assert.Equal([InputEvent.Mouse(10, 20, 5, 1 | 2 | 8 | 4)], Drain(q));
    }

    [Fact]
    public void WheelIsScaledBy120UpPositive()
    {
        var (t, q) = Make();
        var e = new Sdl.Event();
        e.Wheel.Type = Sdl.EventMouseWheel;
        e.Wheel.Y = 2;
        t.Handle(e);
        e.Wheel.Direction = Sdl.MouseWheelFlipped;
        t.Handle(e);
        Assert.Equal([InputEvent.Wheel(0, 240, 0, 0), InputEvent.Wheel(0, -240, 0, 0)], Drain(q));
    }

    /// <summary>A key down, its stroke and its key up, as one press gives them.</summary>
    private static InputEvent[] Press(int key, int stroke, int mods) =>
        [InputEvent.Key(key, KeyPress.Down, mods, key), InputEvent.Key(stroke, KeyPress.Stroke, mods, stroke), InputEvent.Key(key, KeyPress.Up, mods, key)];

    [Fact]
    public void TypedCharacterIsDownStrokeUpWithoutDoubles()
    {
        var (t, q) = Make();
        t.Handle(Key(Sdl.EventKeyDown, 'a', 4, 1));
        t.Handle(Text("A"));
        t.EndOfBatch();
        t.Handle(Key(Sdl.EventKeyUp, 'a', 4, 1));
        Assert.Equal(Press('a', 'A', 1), Drain(q));
    }

    [Fact]
    public void TextBeyondLatin1KeepsItsCodePoint()
    {
        var (t, q) = Make();
        t.Handle(Text("€"));
        Assert.Equal([InputEvent.Key(0x20AC, KeyPress.Stroke, 0, 0x20AC)], Drain(q));
    }

    [Fact]
    public void SpecialKeysGetSqueakCodes()
    {
        var (t, q) = Make();
        foreach (var (sym, code) in new[] { (Sdl.KeyLeft, 28), (Sdl.KeyReturn, 13), (Sdl.KeyKeypadEnter, 3), (Sdl.KeyDelete, 127), (Sdl.KeyPageDown, 12) })
        {
            t.Handle(Key(Sdl.EventKeyDown, sym, 99));
            t.Handle(Key(Sdl.EventKeyUp, sym, 99));
            Assert.Equal(Press(code, code, 0), Drain(q));
        }
    }

    [Fact]
    public void ControlAndAltLettersWithoutTextGetAStrokeOfTheLetter()
    {
        var (t, q) = Make();
        t.Handle(Key(Sdl.EventKeyDown, 'c', 6, 0x0040));
        t.EndOfBatch();
        t.Handle(Key(Sdl.EventKeyUp, 'c', 6, 0x0040));
        Assert.Equal(Press('c', 'c', 2), Drain(q));
        t.Handle(Key(Sdl.EventKeyDown, 's', 22, 0x0100 | 0x0001));
        t.Handle(Key(Sdl.EventKeyUp, 's', 22, 0x0100 | 0x0001));
        Assert.Equal(Press('s', 'S', 9), Drain(q));
    }

    [Fact]
    public void AltLetterWithTextGetsOneStroke()
    {
        var (t, q) = Make();
        t.Handle(Key(Sdl.EventKeyDown, 'x', 27, 0x0100));
        t.Handle(Text("x"));
        t.EndOfBatch();
        Assert.Equal([InputEvent.Key('x', KeyPress.Down, 8, 'x'), InputEvent.Key('x', KeyPress.Stroke, 8, 'x')], Drain(q));
    }

    [Fact]
    public void AltGrCharacterIsNotACommand()
    {
        var (t, q) = Make();
        t.Handle(Key(Sdl.EventKeyDown, 'q', 20, 0x0200));
        t.Handle(Text("@"));
        t.EndOfBatch();
        Assert.Equal([InputEvent.Key('q', KeyPress.Down, 0, 'q'), InputEvent.Key('@', KeyPress.Stroke, 0, '@')], Drain(q));
    }
}
