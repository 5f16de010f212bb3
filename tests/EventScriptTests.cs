using ImageAot.Runtime.Display;
using Xunit;

namespace ImageAot.Tests;

/// <summary>Scripted input (`run --events FILE`) and the input queue both input styles read.</summary>
public class EventScriptTests
{
    private static List<(InputEvent E, long T)> Replay(string script, InputQueue? q = null)
    {
        q ??= new InputQueue { ImageUsesEvents = true };
        var state = new EventScriptState(q, new Screen());
        foreach (var step in EventScript.Parse(script).Steps) step.Apply(state);
        var events = new List<(InputEvent, long)>();
        while (q.TryTake(out var e, out var t)) events.Add((e, t));
        return events;
    }

    [Fact]
    public void A_click_is_a_move_then_button_down_and_up_with_the_button_state()
    {
        var events = Replay("0 move 10 20\n0.5 down 10 20 red\n0.6 up 11 21 red shift");
        Assert.Equal(
            [InputEvent.Mouse(10, 20, 0, 0), InputEvent.Mouse(10, 20, InputBits.Red, 0), InputEvent.Mouse(11, 21, 0, InputBits.Shift)],
            events.Select(e => e.E));
    }

    [Fact]
    public void Keys_give_down_stroke_and_up_and_type_gives_them_for_each_character()
    {
        var events = Replay("1 key return ctrl+shift\n2 type ab").Select(e => e.E).ToList();
        var mods = InputBits.Control | InputBits.Shift;
        Assert.Equal(InputEvent.Key(13, KeyPress.Down, mods, 13), events[0]);
        Assert.Equal(InputEvent.Key(13, KeyPress.Stroke, mods, 13), events[1]);
        Assert.Equal(InputEvent.Key(13, KeyPress.Up, mods, 13), events[2]);
        Assert.Equal(new[] { 'a', 'a', 'a', 'b', 'b', 'b' }, events.Skip(3).Select(e => (char)e.F1));
    }

    [Fact]
    public void The_wheel_is_an_event_for_images_that_want_it_and_control_arrows_for_the_others()
    {
        var wanting = new InputQueue { ImageUsesEvents = true, ImageWantsWheelEvents = true };
        Assert.Equal([InputEvent.Wheel(0, -240, 0, 0)], Replay("0 wheel 0 -2", wanting).Select(e => e.E));
        var older = new InputQueue();
        var keys = Replay("0 wheel 0 1", older).Select(e => e.E).ToList();
        Assert.Equal([KeyPress.Down, KeyPress.Stroke, KeyPress.Up], keys.Select(k => (KeyPress)k.F2));
        Assert.All(keys, k => Assert.Equal((SqueakKeys.Up, InputBits.Control), (k.F1, k.F3)));
        Assert.Equal(SqueakKeys.Up | InputBits.Control << 8, older.NextKey(take: true));
    }

    [Fact]
    public void Polling_images_see_the_mouse_buttons_and_a_keyboard_buffer()
    {
        var q = new InputQueue();
        Replay("0 down 5 6 yellow cmd\n0 keystroke x opt", q);
        Assert.Equal((5, 6, InputBits.Yellow), (q.MouseX, q.MouseY, q.Buttons));
        Assert.Equal('x' | InputBits.Option << 8, q.NextKey(take: false));
        Assert.Equal('x' | InputBits.Option << 8, q.NextKey(take: true));
        Assert.Null(q.NextKey(take: true));
    }

    [Fact]
    public void Closing_the_window_quits_an_image_without_events_and_tells_one_with_events()
    {
        var polling = new InputQueue();
        Replay("0 close", polling);
        Assert.True(polling.QuitRequested);
        var eventImage = new InputQueue { ImageUsesEvents = true };
        Assert.Equal([InputEvent.Window(WindowAction.Close)], Replay("0 close", eventImage).Select(e => e.E));
        Assert.False(eventImage.QuitRequested);
    }

    [Fact]
    public void Resize_sets_the_window_size_the_image_reads()
    {
        var screen = new Screen();
        var state = new EventScriptState(new InputQueue(), screen);
        EventScript.Parse("3 resize 800 600").Steps.Single().Apply(state);
        Assert.Equal((800, 600), (screen.WindowWidth, screen.WindowHeight));
    }

    [Theory]
    [InlineData("1 jump 3 4", "line 1: unknown event 'jump'")]
    [InlineData("# fine\n\nx move 1 2", "line 3: 'x' is not a time in seconds")]
    [InlineData("1 down 1 2 green", "line 1: 'green' is not a button (red, yellow or blue)")]
    [InlineData("1 key return hyper", "line 1: 'hyper' is not a modifier (shift, ctrl, opt, cmd)")]
    [InlineData("2 move 1 2\n1 move 1 2", "line 2: times must not go backwards")]
    [InlineData("1 move 1", "line 1: expected X Y [MODIFIERS]")]
    [InlineData("1 key nosuchkey", "line 1: 'nosuchkey' is not a key (one character, a key name or #code)")]
    [InlineData("1 resize 0 5", "line 1: size out of range (1 to 16384)")]
    public void A_malformed_script_names_its_line(string script, string message)
    {
        var e = Assert.Throws<FormatException>(() => EventScript.Parse(script, "events.txt"));
        Assert.Equal("events.txt " + message, e.Message);
    }
}
