namespace ImageAot.Runtime.Display;

/// <summary>Squeak's event types (the first field of an event array).</summary>
public enum InputEventType { None = 0, Mouse = 1, Keyboard = 2, DragDrop = 3, Menu = 4, Window = 5, Complex = 6, MouseWheel = 7 }

/// <summary>Keyboard event press codes (the fourth field of a keyboard event).</summary>
public enum KeyPress { Stroke = 0, Down = 1, Up = 2 }

/// <summary>Window event kinds (the third field of a window event).</summary>
public enum WindowAction { MetricChange = 1, Close = 2, Iconise = 3, Activated = 4, Paint = 5 }

/// <summary>
/// One input event as the image's event primitive (94) delivers it, without the time stamp (the VM
/// stamps it when the event arrives). Field meanings by type:
/// mouse: x, y, buttons, modifiers; keyboard: character code, press code, modifiers, Unicode code
/// point; wheel: horizontal delta, vertical delta, buttons, modifiers; window: action, then the
/// left, top, right, bottom of a changed area.
/// </summary>
public readonly record struct InputEvent(InputEventType Type, int F1, int F2, int F3, int F4, int F5 = 0)
{
    public static InputEvent Mouse(int x, int y, int buttons, int modifiers) => new(InputEventType.Mouse, x, y, buttons, modifiers);

    public static InputEvent Key(int charCode, KeyPress press, int modifiers, int unicode) =>
        new(InputEventType.Keyboard, charCode, (int)press, modifiers, unicode);

    public static InputEvent Wheel(int dx, int dy, int buttons, int modifiers) => new(InputEventType.MouseWheel, dx, dy, buttons, modifiers);

    public static InputEvent Window(WindowAction action, int left = 0, int top = 0, int right = 0, int bottom = 0) =>
        new(InputEventType.Window, (int)action, left, top, right, bottom);
}

/// <summary>Mouse button bits as Squeak names them, and the modifier bits of events.</summary>
public static class InputBits
{
    public const int Red = 4, Yellow = 2, Blue = 1;
    public const int Shift = 1, Control = 2, Option = 4, Command = 8;
}

/// <summary>Squeak's character codes for keys that have no character of their own.</summary>
public static class SqueakKeys
{
    public const int Enter = 3, Home = 1, End = 4, Insert = 5, Backspace = 8, Tab = 9, PageUp = 11, PageDown = 12,
        Return = 13, Escape = 27, Left = 28, Right = 29, Up = 30, Down = 31, Delete = 127;
}
