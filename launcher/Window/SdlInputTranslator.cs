using System.Text;
using ImageAot.Runtime.Display;

namespace ImageAot.Launcher.Window;

/// <summary>
/// Turns SDL's mouse and keyboard events into Squeak input events, as the Unix Squeak VMs deliver them.
/// <list type="bullet">
/// <item><b>Buttons</b>: left = red (4), middle = yellow (2), right = blue (1); with
/// <c>swapButtons</c> (<c>--swap-buttons</c>) middle = blue and right = yellow. Ctrl-click and
/// alt-click are passed on unchanged (the image decides what they mean).</item>
/// <item><b>Modifiers</b>: shift = 1, control = 2, alt = command (8) (the Unix VM's convention:
/// Alt is the command key), meta/GUI (the "Windows" key) = option (4).</item>
/// <item><b>Mouse</b>: every motion, press and release is a mouse event (x, y, buttons, modifiers)
/// in window pixels, which are the image's screen pixels (1:1, top left).</item>
/// <item><b>Wheel</b>: a wheel event of (dx × 120, dy × 120, buttons, modifiers), dy &gt; 0 up; the
/// input queue turns it into control-arrow keys for images that do not ask for wheel events.</item>
/// <item><b>Keys with a character</b>: key down (the key's lower-case character), then one
/// keystroke per character SDL's text input produced (character code and Unicode both the code
/// point, so input methods, dead keys and AltGr work), then key up on release. When control,
/// alt or meta is held and the key produced no text, the keystroke is made from the key itself:
/// the plain letter (upper case with shift) with the modifier bits, as the Unix VM sends
/// control-letter and command-letter keys. AltGr (right alt) that composes a different
/// character is not a command key for that character.</item>
/// <item><b>Keys without a character</b>: down, keystroke and up with Squeak's codes: left 28,
/// right 29, up 30, down 31, home 1, end 4, page up 11, page down 12, insert 5, delete 127,
/// backspace 8, tab 9, return 13, keypad enter 3, escape 27. Other keys (function keys, the
/// modifier keys themselves) are not sent.</item>
/// </list>
/// One translator per window, used on the window's thread only.
/// </summary>
internal sealed class SdlInputTranslator
{
    private readonly InputQueue input;
    private readonly bool swapButtons;
    private readonly Func<ushort> currentModState;
    private int buttons;
    /// <summary>The code each key (by scancode) went down with, so that its release says the same.</summary>
    private readonly Dictionary<int, int> downCodes = new();
    /// <summary>A character key went down and its text has not arrived yet (it comes right after, or never).</summary>
    private Sdl.KeyboardEvent? pendingKey;

    public SdlInputTranslator(InputQueue input, bool swapButtons, Func<ushort>? currentModState = null)
    {
        this.input = input;
        this.swapButtons = swapButtons;
        this.currentModState = currentModState ?? Sdl.GetModState;
    }

    /// <summary>Squeak's button bits held now.</summary>
    public int Buttons => buttons;

    /// <summary>Squeak modifier bits for SDL's key modifiers.</summary>
    public static int Modifiers(ushort mod)
    {
        var m = 0;
        if ((mod & Sdl.KmodShift) != 0) m |= InputBits.Shift;
        if ((mod & Sdl.KmodCtrl) != 0) m |= InputBits.Control;
        if ((mod & Sdl.KmodAlt) != 0) m |= InputBits.Command;
        if ((mod & Sdl.KmodGui) != 0) m |= InputBits.Option;
        return m;
    }

    /// <summary>Squeak's code for a key without a character of its own, or null.</summary>
    public static int? SpecialCode(int sym) => sym switch
    {
        Sdl.KeyLeft => SqueakKeys.Left,
        Sdl.KeyRight => SqueakKeys.Right,
        Sdl.KeyUp => SqueakKeys.Up,
        Sdl.KeyDown => SqueakKeys.Down,
        Sdl.KeyHome => SqueakKeys.Home,
        Sdl.KeyEnd => SqueakKeys.End,
        Sdl.KeyPageUp => SqueakKeys.PageUp,
        Sdl.KeyPageDown => SqueakKeys.PageDown,
        Sdl.KeyInsert => SqueakKeys.Insert,
        Sdl.KeyDelete => SqueakKeys.Delete,
        Sdl.KeyBackspace => SqueakKeys.Backspace,
        Sdl.KeyTab => SqueakKeys.Tab,
        Sdl.KeyReturn => SqueakKeys.Return,
        Sdl.KeyKeypadEnter => SqueakKeys.Enter,
        Sdl.KeyEscape => SqueakKeys.Escape,
        _ => null,
    };

    /// <summary>Squeak's button bit for an SDL button (1 left, 2 middle, 3 right), 0 for others.</summary>
    public int ButtonBit(byte sdlButton) => sdlButton switch
    {
        Sdl.ButtonLeft => InputBits.Red,
        Sdl.ButtonMiddle => swapButtons ? InputBits.Blue : InputBits.Yellow,
        Sdl.ButtonRight => swapButtons ? InputBits.Yellow : InputBits.Blue,
        _ => 0,
    };

    /// <summary>Handles one input event; other event types are ignored. Call <see cref="EndOfBatch"/> when the queue is empty.</summary>
    public void Handle(in Sdl.Event e)
    {
        switch (e.Type)
        {
            case Sdl.EventKeyDown: KeyDown(e.Key); break;
            case Sdl.EventKeyUp: KeyUp(e.Key); break;
            case Sdl.EventTextInput: TextInput(DecodeText(e.Text)); break;
            case Sdl.EventMouseMotion:
                FlushPendingKey();
                buttons = ButtonsFromMask(e.Motion.State);
                input.Post(InputEvent.Mouse(e.Motion.X, e.Motion.Y, buttons, Modifiers(currentModState())));
                break;
            case Sdl.EventMouseButtonDown:
            case Sdl.EventMouseButtonUp:
                FlushPendingKey();
                var bit = ButtonBit(e.Button.Button);
                if (bit == 0) break;
                buttons = e.Type == Sdl.EventMouseButtonDown ? buttons | bit : buttons & ~bit;
                input.Post(InputEvent.Mouse(e.Button.X, e.Button.Y, buttons, Modifiers(currentModState())));
                break;
            case Sdl.EventMouseWheel:
                FlushPendingKey();
                var flip = e.Wheel.Direction == Sdl.MouseWheelFlipped ? -1 : 1;
                if (e.Wheel.X != 0 || e.Wheel.Y != 0)
                    input.Post(InputEvent.Wheel(flip * e.Wheel.X * 120, flip * e.Wheel.Y * 120, buttons, Modifiers(currentModState())));
                break;
        }
    }

    /// <summary>No more events for now: a key still waiting for its text gets none.</summary>
    public void EndOfBatch() => FlushPendingKey();

    private int ButtonsFromMask(uint state)
    {
        var b = 0;
        if ((state & 1) != 0) b |= ButtonBit(Sdl.ButtonLeft);
        if ((state & 2) != 0) b |= ButtonBit(Sdl.ButtonMiddle);
        if ((state & 4) != 0) b |= ButtonBit(Sdl.ButtonRight);
        return b;
    }

    private static bool IsCharacterKey(int sym) => sym >= 32 && sym < Sdl.KeycodeScancodeBit && sym != Sdl.KeyDelete;

    private static int Lower(int c) => c < 0x10000 ? char.ToLowerInvariant((char)c) : c;

    private void KeyDown(Sdl.KeyboardEvent k)
    {
        FlushPendingKey();
        var mods = Modifiers(k.Mod);
        if (SpecialCode(k.Sym) is int code)
        {
            downCodes[k.Scancode] = code;
            input.Post(InputEvent.Key(code, KeyPress.Down, mods, code));
            input.Post(InputEvent.Key(code, KeyPress.Stroke, mods, code));
            return;
        }
        // Character keys and keypad keys wait for their text, which follows the key at once.
        pendingKey = k;
    }

    private void TextInput(string text)
    {
        var mods = Modifiers(currentModState());
        var first = true;
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            var cp = char.ConvertToUtf32(text, i);
            if (first && pendingKey is { } k)
            {
                pendingKey = null;
                mods = Modifiers(k.Mod);
                var keyChar = IsCharacterKey(k.Sym) ? k.Sym : cp;
                // AltGr composing another character: that character is typed, not a command.
                if ((k.Mod & Sdl.KmodRAlt) != 0 && (k.Mod & Sdl.KmodLAlt) == 0 && Lower(cp) != Lower(keyChar))
                    mods &= ~(InputBits.Command | InputBits.Control);
                var downCode = Lower(keyChar);
                downCodes[k.Scancode] = downCode;
                input.Post(InputEvent.Key(downCode, KeyPress.Down, mods, downCode));
            }
            first = false;
            input.Post(InputEvent.Key(cp, KeyPress.Stroke, mods, cp));
        }
    }

    /// <summary>A key whose text did not come: with control, alt or meta its keystroke is made from the key; without, only its down is sent.</summary>
    private void FlushPendingKey()
    {
        if (pendingKey is not { } k) return;
        pendingKey = null;
        if (!IsCharacterKey(k.Sym)) return;
        var mods = Modifiers(k.Mod);
        var code = Lower(k.Sym);
        downCodes[k.Scancode] = code;
        input.Post(InputEvent.Key(code, KeyPress.Down, mods, code));
        if ((mods & (InputBits.Control | InputBits.Command | InputBits.Option)) == 0) return;
        var stroke = (mods & InputBits.Shift) != 0 && code < 0x10000 ? char.ToUpperInvariant((char)code) : code;
        input.Post(InputEvent.Key(stroke, KeyPress.Stroke, mods, stroke));
    }

    private void KeyUp(Sdl.KeyboardEvent k)
    {
        FlushPendingKey();
        int code;
        if (downCodes.Remove(k.Scancode, out var c)) code = c;
        else if (SpecialCode(k.Sym) is int s) code = s;
        else if (IsCharacterKey(k.Sym)) code = Lower(k.Sym);
        else return;
        input.Post(InputEvent.Key(code, KeyPress.Up, Modifiers(k.Mod), code));
    }

    private static unsafe string DecodeText(in Sdl.TextInputEvent t)
    {
        fixed (byte* p = t.Text)
        {
            var n = 0;
            while (n < 32 && p[n] != 0) n++;
            return Encoding.UTF8.GetString(p, n);
        }
    }
}
