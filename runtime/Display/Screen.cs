using ImageAot.Runtime.Graphics;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Display;

/// <summary>
/// The image's screen as 0xFFRRGGBB pixels, independent of any window system. The VM converts
/// the parts of the Display form that change into <see cref="Pixels"/> and tells the host, which
/// takes the changed area (<see cref="TakeChanges"/>) and uploads only that. It also keeps the
/// size of the host's window, which the image asks for (primitive 106).
/// </summary>
public sealed class Screen
{
    /// <summary>Held while pixels are written or read.</summary>
    public readonly object Sync = new();

    public int Width { get; private set; }
    public int Height { get; private set; }
    /// <summary>Width × Height pixels, row by row.</summary>
    public uint[] Pixels { get; private set; } = [];

    private PixelRect changed = PixelRect.Empty;
    private readonly ShownWords shown = new();
    /// <summary>Area of the Display form BitBlt drew into and nobody has shown yet.</summary>
    private PixelRect drawn = PixelRect.Empty;

    public IDisplayHost? Host;

    /// <summary>A Display larger than this (256 megapixels) is refused: the image's primitive fails instead of the VM running out of memory.</summary>
    public const long MaxPixels = 1L << 28;

    /// <summary>The window's size as the host has it (the image's saved screen size until a host says otherwise).</summary>
    public volatile int WindowWidth = 1024, WindowHeight = 768;

    /// <summary>The image draws into a hidden Display and shows parts of it itself (deferUpdates: true).</summary>
    public bool DeferUpdates;

    /// <summary>The clipboard of a VM without a window.</summary>
    public string PrivateClipboard = "";

    /// <summary>The clipboard's text, with the host's line ends: the window's clipboard, or the private one when headless.</summary>
    public string ReadClipboard() => Host is { } host ? host.GetClipboard() ?? "" : PrivateClipboard;

    public void WriteClipboard(string text)
    {
        if (Host is { } host) host.SetClipboard(text);
        else PrivateClipboard = text;
    }

    /// <summary>The title the image gave its window (null: the host's own, the image's name); a host shows it.</summary>
    public string? Title;

    public bool HasDrawnArea => !drawn.IsEmpty;

    /// <summary>Called on the VM thread after pixels were converted for the host (start-up tracing watches for the first time).</summary>
    public Action? Shown;

    /// <summary>Pixels have reached the screen at least once (the image has drawn its world).</summary>
    public bool EverShown { get; private set; }

    /// <summary>
    /// BitBlt changed this area of the Display form. While the image defers updates it shows what
    /// it drew itself (primitive 127), as on the C VM, whose BitBlt then shows nothing: remembering
    /// the area would convert the union of a whole frame's drawing a second time.
    /// </summary>
    public void NoteDrawn(PixelRect area)
    {
        if (!DeferUpdates) drawn = drawn.Union(area);
    }

    /// <summary>The whole Display form must be shown, deferred or not (it has just become the Display).</summary>
    public void NoteReplaced(PixelRect area) => drawn = drawn.Union(area);

    /// <summary>Converts the area BitBlt drew since the last time; answers false when the form is not displayable.</summary>
    public bool ShowDrawn(Value displayForm)
    {
        var area = drawn;
        drawn = PixelRect.Empty;
        return Show(displayForm, area);
    }

    /// <summary>Converts <paramref name="area"/> of the Display form into pixels and tells the host.</summary>
    public bool Show(Value displayForm, PixelRect area)
    {
        if (!Surface.TryRead(displayForm, out var form) || (long)form.Width * form.Height > MaxPixels) return false;
        lock (Sync)
        {
            if (form.Width != Width || form.Height != Height) Resize(form.Width, form.Height);   // forgets the shown words: all of it is converted
            area = shown.Convert(form, area, Pixels, Width);
            if (area.IsEmpty) return true;
            changed = changed.Union(area);
        }
        EverShown = true;
        Host?.ScreenChanged(this);
        Shown?.Invoke();
        return true;
    }

    /// <summary>Converts the whole Display form (a screenshot sees exactly what a window would).</summary>
    public bool ShowAll(Value displayForm)
    {
        drawn = PixelRect.Empty;
        return Show(displayForm, new PixelRect(0, 0, int.MaxValue, int.MaxValue));   // Show clips it to the form
    }

    /// <summary>The area changed since the host last asked, and forgets it; call under <see cref="Sync"/>.</summary>
    public PixelRect TakeChanges()
    {
        var r = changed;
        changed = PixelRect.Empty;
        return r;
    }

    /// <summary>Forgets pixels and marks everything changed: the host uploads the whole screen next time.</summary>
    private void Resize(int width, int height)
    {
        Width = width;
        Height = height;
        Pixels = new uint[width * height];
        changed = PixelRect.Sized(width, height);
        shown.Forget();
    }

    /// <summary>A copy of the current pixels (for screenshots), under the lock.</summary>
    public (uint[] Pixels, int Width, int Height) Snapshot()
    {
        lock (Sync) return ((uint[])Pixels.Clone(), Width, Height);
    }
}
