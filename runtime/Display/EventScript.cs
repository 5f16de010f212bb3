using System.Globalization;

namespace ImageAot.Runtime.Display;

/// <summary>
/// A script of input events for headless runs (`--events FILE`): one event a line, each at a time
/// in seconds after the run starts, fed to the image exactly as a window would. The format:
/// <code>
/// # comment
/// 2.0  move X Y                      pointer moves (buttons as they are)
/// 2.1  down X Y red|yellow|blue [M]  a button goes down at X Y
/// 2.2  up X Y red|yellow|blue [M]    and up
/// 3.0  key KEY [M]                   a key pressed and released: down, stroke, up
/// 3.0  keydown KEY [M] / keystroke KEY [M] / keyup KEY [M]
/// 3.5  type TEXT...                  each character of the rest of the line, as `key`
/// 4.0  wheel DX DY [M]               wheel notches (positive DY: up)
/// 5.0  resize W H                    the window changes size
/// 6.0  close                         the window's close button
/// </code>
/// KEY is one character, a name (return, enter, tab, escape, backspace, delete, insert, home,
/// end, pageup, pagedown, left, right, up, down, space) or a code (#65). M is modifiers joined by
/// '+': shift, ctrl, opt (option), cmd (command; Alt in a window).
/// </summary>
public sealed class EventScript
{
    public sealed record Step(double Seconds, Action<EventScriptState> Apply);

    public readonly List<Step> Steps = new();

    /// <summary>Feeds the events to the queue at their times (measured from now) on a background thread.</summary>
    public void ReplayInBackground(InputQueue input, Screen screen)
    {
        var state = new EventScriptState(input, screen);
        new Thread(() => Replay(state)) { IsBackground = true, Name = "event script" }.Start();
    }

    /// <summary>Applies the events at their times, measured from now, and returns after the last one.
    /// The state carries the mouse position and buttons from one script to the next.</summary>
    public void Replay(EventScriptState state)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var step in Steps)
        {
            var wait = (long)(step.Seconds * 1000) - clock.ElapsedMilliseconds;
            if (wait > 0) Thread.Sleep((int)Math.Min(wait, int.MaxValue));
            step.Apply(state);
        }
    }

    /// <summary>Parses a script; a bad line throws <see cref="FormatException"/> naming the line.</summary>
    public static EventScript Parse(string text, string name = "events")
    {
        var script = new EventScript();
        var lineNo = 0;
        double last = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            try
            {
                var step = ParseLine(trimmed);
                if (step.Seconds < last) throw new FormatException("times must not go backwards");
                last = step.Seconds;
                script.Steps.Add(step);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{name} line {lineNo}: {e.Message}");
            }
        }
        return script;
    }

    private static Step ParseLine(string line)
    {
        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2) throw new FormatException("expected a time and an event");
        if (!double.TryParse(words[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || t < 0 || double.IsNaN(t))
            throw new FormatException($"'{words[0]}' is not a time in seconds");
        var verb = words[1].ToLowerInvariant();
        var args = words.AsSpan(2).ToArray();
        Action<EventScriptState> apply = verb switch
        {
            "move" => Mouse(args, 2, 3, (s, x, y, _, m) => s.Move(x, y, m)),
            "down" => Mouse(args, 3, 4, (s, x, y, b, m) => s.Button(x, y, b, true, m)),
            "up" => Mouse(args, 3, 4, (s, x, y, b, m) => s.Button(x, y, b, false, m)),
            "key" => Key(args, (s, k, m) => s.Key(k, m, KeyPress.Down, KeyPress.Stroke, KeyPress.Up)),
            "keydown" => Key(args, (s, k, m) => s.Key(k, m, KeyPress.Down)),
            "keystroke" => Key(args, (s, k, m) => s.Key(k, m, KeyPress.Stroke)),
            "keyup" => Key(args, (s, k, m) => s.Key(k, m, KeyPress.Up)),
            "type" => Type(line, words),
            "wheel" => Wheel(args),
            "resize" => Resize(args),
            "close" => NoArgs(args, s => s.Close()),
            _ => throw new FormatException($"unknown event '{words[1]}'"),
        };
        return new Step(t, apply);
    }

    private static Action<EventScriptState> Mouse(string[] a, int min, int max, Action<EventScriptState, int, int, int, int> f)
    {
        if (a.Length < min || a.Length > max) throw new FormatException($"expected {(min == 2 ? "X Y" : "X Y BUTTON")} [MODIFIERS]");
        int x = Int(a[0]), y = Int(a[1]);
        var button = min == 3 ? ButtonBit(a[2]) : 0;
        var mods = a.Length > min ? Modifiers(a[min]) : 0;
        return s => f(s, x, y, button, mods);
    }

    private static Action<EventScriptState> Key(string[] a, Action<EventScriptState, int, int> f)
    {
        if (a.Length is < 1 or > 2) throw new FormatException("expected KEY [MODIFIERS]");
        var key = KeyCode(a[0]);
        var mods = a.Length > 1 ? Modifiers(a[1]) : 0;
        return s => f(s, key, mods);
    }

    private static Action<EventScriptState> Type(string line, string[] words)
    {
        // The text is everything after the verb, spaces inside it included.
        var at = line.IndexOf(words[1], line.IndexOf(words[0], StringComparison.Ordinal) + words[0].Length, StringComparison.Ordinal) + words[1].Length;
        var text = line[at..].TrimStart();
        if (text.Length == 0) throw new FormatException("expected text to type");
        return s =>
        {
            foreach (var rune in text.EnumerateRunes()) s.Key(rune.Value, 0, KeyPress.Down, KeyPress.Stroke, KeyPress.Up);
        };
    }

    private static Action<EventScriptState> Wheel(string[] a)
    {
        if (a.Length is < 2 or > 3) throw new FormatException("expected DX DY [MODIFIERS]");
        int dx = Int(a[0]), dy = Int(a[1]);
        var mods = a.Length > 2 ? Modifiers(a[2]) : 0;
        return s => s.Wheel(dx, dy, mods);
    }

    private static Action<EventScriptState> Resize(string[] a)
    {
        if (a.Length != 2) throw new FormatException("expected W H");
        int w = Int(a[0]), h = Int(a[1]);
        if (w < 1 || h < 1 || w > 16384 || h > 16384) throw new FormatException("size out of range (1 to 16384)");
        return s => s.Resize(w, h);
    }

    private static Action<EventScriptState> NoArgs(string[] a, Action<EventScriptState> f) =>
        a.Length == 0 ? f : throw new FormatException("expected nothing after the event");

    private static int Int(string s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && Math.Abs(v) <= 1_000_000
            ? v : throw new FormatException($"'{s}' is not an integer");

    private static int ButtonBit(string s) => s.ToLowerInvariant() switch
    {
        "red" => InputBits.Red,
        "yellow" => InputBits.Yellow,
        "blue" => InputBits.Blue,
        _ => throw new FormatException($"'{s}' is not a button (red, yellow or blue)"),
    };

    private static int Modifiers(string s)
    {
        var bits = 0;
        foreach (var m in s.ToLowerInvariant().Split('+'))
            bits |= m switch
            {
                "shift" => InputBits.Shift,
                "ctrl" => InputBits.Control,
                "opt" => InputBits.Option,
                "cmd" => InputBits.Command,
                _ => throw new FormatException($"'{m}' is not a modifier (shift, ctrl, opt, cmd)"),
            };
        return bits;
    }

    private static readonly Dictionary<string, int> KeyNames = new()
    {
        ["return"] = SqueakKeys.Return, ["enter"] = SqueakKeys.Enter, ["tab"] = SqueakKeys.Tab, ["escape"] = SqueakKeys.Escape,
        ["backspace"] = SqueakKeys.Backspace, ["delete"] = SqueakKeys.Delete, ["insert"] = SqueakKeys.Insert,
        ["home"] = SqueakKeys.Home, ["end"] = SqueakKeys.End, ["pageup"] = SqueakKeys.PageUp, ["pagedown"] = SqueakKeys.PageDown,
        ["left"] = SqueakKeys.Left, ["right"] = SqueakKeys.Right, ["up"] = SqueakKeys.Up, ["down"] = SqueakKeys.Down, ["space"] = ' ',
    };

    private static int KeyCode(string s)
    {
        if (KeyNames.TryGetValue(s.ToLowerInvariant(), out var k)) return k;
        if (s.StartsWith('#') && int.TryParse(s.AsSpan(1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) && code is >= 0 and <= 0x10FFFF)
            return code;
        var runes = s.EnumerateRunes().ToArray();
        if (runes.Length == 1) return runes[0].Value;
        throw new FormatException($"'{s}' is not a key (one character, a key name or #code)");
    }
}

/// <summary>What a script's events act on: the input queue, the window size and the button state a window would keep.</summary>
public sealed class EventScriptState(InputQueue input, Screen screen)
{
    private int x, y, buttons;

    public void Move(int nx, int ny, int mods)
    {
        x = nx;
        y = ny;
        input.Post(InputEvent.Mouse(x, y, buttons, mods));
    }

    public void Button(int nx, int ny, int bit, bool down, int mods)
    {
        x = nx;
        y = ny;
        buttons = down ? buttons | bit : buttons & ~bit;
        input.Post(InputEvent.Mouse(x, y, buttons, mods));
    }

    public void Key(int code, int mods, params KeyPress[] presses)
    {
        foreach (var p in presses) input.Post(InputEvent.Key(code, p, mods, code));
    }

    public void Wheel(int dx, int dy, int mods) => input.Post(InputEvent.Wheel(dx * 120, dy * 120, buttons, mods));

    public void Resize(int w, int h)
    {
        screen.WindowWidth = w;
        screen.WindowHeight = h;
        input.Post(InputEvent.Window(WindowAction.MetricChange, 0, 0, w, h));
    }

    public void Close() => input.Post(InputEvent.Window(WindowAction.Close));
}
