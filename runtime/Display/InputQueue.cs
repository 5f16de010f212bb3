namespace ImageAot.Runtime.Display;

/// <summary>
/// Input from the host (a window, or a replayed script) to the image, safe to feed from any
/// thread. It serves both input styles: event images take whole events (primitive 94, woken by
/// the input semaphore); older images poll the mouse state and a keyboard buffer.
/// </summary>
public sealed class InputQueue
{
    private readonly object sync = new();
    private readonly Queue<(InputEvent Event, long Time)> events = new();
    private readonly Queue<int> keys = new();
    private const int MaxQueued = 4096;
    private bool woken;

    /// <summary>The clock events are stamped with (the image's millisecond clock).</summary>
    public Func<long> Clock = () => Environment.TickCount64;

    /// <summary>Set when an event arrives; the VM signals the input semaphore and clears it.</summary>
    public volatile bool SignalPending;

    /// <summary>The image reads events (it called primitive 94 or set an input semaphore).</summary>
    public volatile bool ImageUsesEvents;

    /// <summary>The image wants wheel events (type 7); otherwise the wheel arrives as control-arrow keys, as older VMs sent it.</summary>
    public volatile bool ImageWantsWheelEvents;

    /// <summary>The window was closed and the image cannot be told: the VM quits.</summary>
    public volatile bool QuitRequested;

    public int MouseX { get; private set; }
    public int MouseY { get; private set; }
    /// <summary>Button bits (red 4, yellow 2, blue 1).</summary>
    public int Buttons { get; private set; }
    /// <summary>Modifier bits (shift 1, control 2, option 4, command 8).</summary>
    public int Modifiers { get; private set; }

    /// <summary>How many events the image has taken (or were dropped unread): an event posted as number n has been taken once this reaches n.</summary>
    public long TakenCount => Interlocked.Read(ref taken);
    private long taken, posted;

    /// <summary>Queues an event (and updates the polling state); answers its number (see <see cref="TakenCount"/>).</summary>
    public long Post(InputEvent e)
    {
        lock (sync)
        {
            switch (e.Type)
            {
                case InputEventType.Mouse:
                    MouseX = e.F1;
                    MouseY = e.F2;
                    Buttons = e.F3 & 7;
                    Modifiers = e.F4 & 15;
                    break;
                case InputEventType.Keyboard:
                    Modifiers = e.F3 & 15;
                    // The polling keyboard has 8 bits for the character (modifiers above them).
                    if (e.F2 == (int)KeyPress.Stroke && e.F1 is >= 0 and < 256) Enqueue(keys, e.F1 | (e.F3 & 15) << 8);
                    break;
                case InputEventType.MouseWheel when !ImageWantsWheelEvents:
                    PostWheelAsKeys(e);
                    return posted;
                case InputEventType.Window when e.F1 == (int)WindowAction.Close && !ImageUsesEvents:
                    QuitRequested = true;
                    break;
            }
            Append(e);
            Wake();
            return posted;
        }
    }

    private void Append(InputEvent e)
    {
        if (events.Count >= MaxQueued)
        {
            events.Dequeue();
            Interlocked.Increment(ref taken);
        }
        events.Enqueue((e, Clock()));
        posted++;
    }

    /// <summary>Older VMs sent the wheel as control-up/down arrow keys (one stroke per notch), which images before wheel events understand.</summary>
    private void PostWheelAsKeys(InputEvent e)
    {
        var notches = Math.Clamp(Math.Abs(e.F2) / 120 + (e.F2 % 120 != 0 ? 1 : 0), 1, 10);
        var key = e.F2 > 0 ? SqueakKeys.Up : SqueakKeys.Down;
        var mods = (e.F4 & 15) | InputBits.Control;
        for (var i = 0; i < notches && e.F2 != 0; i++)
        {
            Enqueue(keys, key | mods << 8);
            foreach (var press in new[] { KeyPress.Down, KeyPress.Stroke, KeyPress.Up })
                Append(InputEvent.Key(key, press, mods, key));
        }
        Wake();
    }

    private static void Enqueue(Queue<int> q, int v)
    {
        if (q.Count >= MaxQueued) q.Dequeue();
        q.Enqueue(v);
    }

    private void Wake()
    {
        SignalPending = true;
        woken = true;
        Monitor.PulseAll(sync);
    }

    /// <summary>Takes the oldest event with its time stamp.</summary>
    public bool TryTake(out InputEvent e, out long time)
    {
        lock (sync)
        {
            if (events.TryDequeue(out var item))
            {
                Interlocked.Increment(ref taken);
                (e, time) = item;
                return true;
            }
        }
        e = default;
        time = 0;
        return false;
    }

    /// <summary>The next keystroke of the polling keyboard (character | modifiers &lt;&lt; 8), taking it or only looking.</summary>
    public int? NextKey(bool take)
    {
        lock (sync)
        {
            if (keys.Count == 0) return null;
            return take ? keys.Dequeue() : keys.Peek();
        }
    }

    /// <summary>Waits until input arrives, <see cref="Interrupt"/> is called, or the time passes; true if woken.</summary>
    public bool Wait(int milliseconds)
    {
        lock (sync)
        {
            if (!woken && milliseconds > 0) Monitor.Wait(sync, milliseconds);
            var w = woken;
            woken = false;
            return w;
        }
    }

    /// <summary>Wakes a sleeping VM without an event (the host has something for it, e.g. a closed window).</summary>
    public void Interrupt()
    {
        lock (sync)
        {
            woken = true;
            Monitor.PulseAll(sync);
        }
    }
}
