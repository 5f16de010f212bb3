namespace ImageAot.Runtime.Display;

/// <summary>
/// What shows the image's screen to a person: a window (the launcher's SDL window) or nothing
/// (headless). The VM thread calls these; a host that draws on another thread takes the pixels
/// from <see cref="Screen"/> under its lock when it is ready.
/// </summary>
public interface IDisplayHost
{
    /// <summary>Pixels of the screen changed (<see cref="Screen.TakeChanges"/> says where).</summary>
    void ScreenChanged(Screen screen);

    /// <summary>The image designated a new cursor (null: the host's normal arrow).</summary>
    void SetCursor(CursorImage? cursor);

    /// <summary>The host clipboard's text, or null when there is none.</summary>
    string? GetClipboard();

    void SetClipboard(string text);

    /// <summary>The image asked for full-screen mode on or off.</summary>
    void SetFullScreen(bool on);

    /// <summary>The image named its window (Scratch names it after the open project).</summary>
    void SetTitle(string title);
}
