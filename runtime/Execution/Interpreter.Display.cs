using ImageAot.Runtime.Display;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// The screen and input as the interpreter sees them: showing what BitBlt drew, waking the image
// when input arrives, sleeping while it is idle.
public sealed partial class Interpreter
{
    /// <summary>The image's screen as pixels (headless, or shown by <see cref="Screen.Host"/>).</summary>
    public readonly Screen Screen = new();
    /// <summary>Input from the window or a script.</summary>
    public readonly InputQueue Input = new();

    /// <summary>How often what BitBlt drew on the Display is shown when the image does not show it itself.</summary>
    private const int DisplayRefreshMs = 15;
    private long nextDisplayRefreshMs;

    private void InitializeDisplay()
    {
        Input.Clock = () => MillisecondClock;
        if (Image.SavedScreenSize is var (w, h) && w > 0 && h > 0)
        {
            Screen.WindowWidth = w;
            Screen.WindowHeight = h;
        }
    }

    public Value DisplayForm => Mem.Special(SpecialObjectIndex.TheDisplay);

    /// <summary>Called with the other interrupt checks: input semaphore, refresh, a closed window.</summary>
    private void CheckDisplayAndInput(long now)
    {
        if (Input.SignalPending)
        {
            Input.SignalPending = false;
            if (Mem.Special(SpecialObjectIndex.TheInputSemaphore).Ref is PointersObject sema && !ReferenceEquals(sema, Mem.Nil))
                SignalSemaphore(sema);
        }
        if (Input.QuitRequested) { Quit(0); return; }
        RefreshDisplayIfDue(now);
    }

    /// <summary>Every <see cref="DisplayRefreshMs"/>, from either tier's interrupt check: <see cref="RefreshDisplay"/>.</summary>
    internal void RefreshDisplayIfDue(long now)
    {
        if (now < nextDisplayRefreshMs) return;
        nextDisplayRefreshMs = now + DisplayRefreshMs;
        RefreshDisplay();
    }

    /// <summary>Shows what BitBlt drew on the Display since the last refresh (old images never ask for it).</summary>
    public void RefreshDisplay()
    {
        if (Screen.HasDrawnArea && !Screen.DeferUpdates) Screen.ShowDrawn(DisplayForm);
    }
}
