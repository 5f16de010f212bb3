using ImageAot.Runtime.Display;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using Xunit;
using Xunit.Abstractions;

namespace ImageAot.Tests;

/// <summary>
/// GUI images driven by scripted input, in both tiers, as a person would use them: open a menu,
/// choose an item, type into a workspace, scroll with the wheel. The screen is photographed in
/// memory at chosen moments (the same pixels a window or a screenshot shows).
/// </summary>
public class UiRunTests(ITestOutputHelper output)
{
    /// <summary>
    /// One step of a person's session: input (an event script timed from the step's start), then
    /// a wait until the screen shows the step's effect (<see cref="Done"/> of the screen before the
    /// step and now), or the step's time limit. Waiting for the effect, not a fixed time, keeps
    /// the test independent of how loaded the machine is.
    /// </summary>
    private sealed record Step(string Script, Func<Shot, Shot, bool> Done, double LimitSeconds = 40);

    /// <summary>The step is done once the cursor changed (an MVC image asks where to place a window).</summary>
    private sealed record CursorStep(string Script, double LimitSeconds = 40);

    /// <summary>Counts the image's cursor changes, the only host call a headless test needs.</summary>
    private sealed class CursorWatcher : IDisplayHost
    {
        public volatile int Changes;
        public void ScreenChanged(Screen screen) { }
        public void SetCursor(CursorImage? cursor) => Interlocked.Increment(ref Changes);
        public string? GetClipboard() => null;
        public void SetClipboard(string text) { }
        public void SetFullScreen(bool on) { }
        public void SetTitle(string title) { }
    }

    /// <summary>
    /// Runs the image's snapshot until its world is up (<paramref name="ready"/> holds for the screen,
    /// and a moment more), then takes the steps one after another and answers the screen at the
    /// start and after each step.
    /// </summary>
    private (Interpreter Vm, List<Shot> Shots) Run(string image, Func<Shot, bool> ready, bool compiled, params object[] steps)
    {
        var path = TestImages.PathOf(image);
        var cursor = new CursorWatcher();
        var vm = new Interpreter(ImageReader.Load(path)) { ImagePath = path, Timeout = TimeSpan.FromSeconds(300), InputSource = true };
        vm.Screen.Host = cursor;
        if (compiled) vm.Compiled = RecompiledTierTests.BodiesFor(image);
        var shots = new List<Shot>();
        Shot Now()
        {
            var (p, w, h) = vm.Screen.Snapshot();
            return new Shot(p, w, h);
        }
        var director = new Thread(() =>
        {
            try
            {
                var startUp = System.Diagnostics.Stopwatch.StartNew();
                while (!(Now() is { Width: > 0 } s && ready(s)))
                {
                    if (startUp.Elapsed.TotalSeconds > 120) { output.WriteLine("the world did not come up in 120 s"); return; }
                    Thread.Sleep(100);
                }
                Thread.Sleep(1000);
                shots.Add(Now());
                var state = new EventScriptState(vm.Input, vm.Screen);
                foreach (var step in steps)
                {
                    var before = Now();
                    var cursorChanges = cursor.Changes;
                    var (script, limit) = step switch
                    {
                        Step s => (s.Script, s.LimitSeconds),
                        CursorStep c => (c.Script, c.LimitSeconds),
                        _ => throw new ArgumentException("not a step"),
                    };
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    EventScript.Parse(script).Replay(state);
                    var done = false;
                    while (clock.Elapsed.TotalSeconds < limit)
                    {
                        if (step is Step st ? st.Done(before, Now()) : cursor.Changes != cursorChanges) { done = true; break; }
                        Thread.Sleep(100);
                    }
                    // Says, when a later assertion fails, whether the image took the input at all.
                    output.WriteLine($"step {shots.Count}: {(done ? "done" : "time limit")} after {clock.Elapsed.TotalSeconds:F1} s, " +
                        $"{vm.Input.TakenCount} events taken");
                    Thread.Sleep(300);
                    shots.Add(Now());
                }
            }
            finally
            {
                vm.Input.QuitRequested = true;
                vm.Input.Interrupt();
            }
        }) { IsBackground = true };
        director.Start();
        var outcome = vm.Resume();
        Assert.True(outcome == RunOutcome.Quit, $"the run ended with {outcome} before the script was done");
        director.Join();
        return (vm, shots);
    }

    public sealed record Shot(uint[] Pixels, int Width, int Height)
    {
        public (int R, int G, int B) At(int x, int y)
        {
            var p = Pixels[y * Width + x];
            return ((int)(p >> 16) & 255, (int)(p >> 8) & 255, (int)p & 255);
        }

        /// <summary>How many pixels of the rectangle satisfy the test.</summary>
        public int Count(int left, int top, int right, int bottom, Func<int, int, int, bool> test)
        {
            var n = 0;
            for (var y = top; y < bottom; y++)
                for (var x = left; x < right; x++)
                {
                    var (r, g, b) = At(x, y);
                    if (test(r, g, b)) n++;
                }
            return n;
        }
    }

    private static bool Dark(int r, int g, int b) => r + g + b < 200;

    /// <summary>Cuis 5's world: its blue desktop picture where no window is, and the Text Editor's title bar.</summary>
    private static bool CuisWorldIsUp(Shot s) =>
        s.Width == 1008 && s.At(150, 100) is var (r0, _, b0) && b0 > r0 + 60 && s.Count(400, 12, 800, 24, (r, g, b) => r is > 150 and < 190 && r == g && g == b) > 500;

    /// <summary>The mini image's MVC screen: the System Browser's title.</summary>
    private static bool MvcBrowserIsUp(Shot s) => s.Width == 640 && s.Count(250, 2, 360, 16, Dark) > 100;

    /// <summary>Some pixels changed, and none for the last second: the image has answered the input.</summary>
    private static Func<Shot, Shot, bool> Settled()
    {
        Shot? last = null;
        var quietSince = System.Diagnostics.Stopwatch.StartNew();
        return (before, now) =>
        {
            if (last is null || !last.Pixels.AsSpan().SequenceEqual(now.Pixels)) quietSince.Restart();
            last = now;
            return !before.Pixels.AsSpan().SequenceEqual(now.Pixels) && quietSince.ElapsedMilliseconds >= 1000;
        };
    }

    // Cuis 5's world menu (a grey box with dark item labels) where the desktop was plain, the
    // workspace's yellow title bar, and typed text in the workspace's first line.
    private static bool CuisMenuIsOpen(Shot s) => s.Count(210, 170, 330, 420, Dark) > 500;
    private static bool CuisWorkspaceIsOpen(Shot s) => s.Count(100, 2, 800, 20, (r, g, b) => r > 200 && g > 200 && b < 140) > 5000;
    private static bool CuisTextIsTyped(Shot s) => s.Count(86, 26, 240, 40, (r, g, b) => r > 150 && g < 80 && b < 80 || Dark(r, g, b)) > 150;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cuis_world_menu_opens_a_workspace_that_takes_typing(bool compiled)
    {
        var (_, shots) = Run("cuis5.0-spur32.image", CuisWorldIsUp, compiled,
            new Step("0 move 200 150\n0.2 down 200 150 red\n0.3 up 200 150 red", (_, now) => CuisMenuIsOpen(now)),
            new Step("0 move 245 176\n0.1 down 245 176 red\n0.2 up 245 176 red", Settled()),
            new Step("0 move 300 221\n0.1 down 300 221 red\n0.2 up 300 221 red", (_, now) => CuisWorkspaceIsOpen(now)),
            new Step("0 move 400 300\n0.5 type Hello from ImageAot", (_, now) => CuisTextIsTyped(now)));
        Assert.True(shots[0].Count(210, 170, 330, 420, Dark) < 50, "the desktop should be plain before the click");
        Assert.True(CuisMenuIsOpen(shots[1]), "the world menu did not open");
        Assert.True(CuisWorkspaceIsOpen(shots[3]), "no workspace title bar");
        Assert.True(CuisTextIsTyped(shots[4]), "the typed text is not there");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cuis_text_scrolls_with_the_wheel(bool compiled)
    {
        static bool Blue(int r, int g, int b) => b > 180 && r < 60 && g < 60;
        // The big blue "Cuis Smalltalk" heading of the text editor scrolls out of its place.
        static bool HeadingInPlace(Shot s) => s.Count(560, 62, 800, 95, Blue) > 300;
        var (_, shots) = Run("cuis5.0-spur32.image", CuisWorldIsUp, compiled,
            new Step("0 move 700 300\n0.5 wheel 0 -3\n1.5 wheel 0 -3", (_, now) => now.Count(560, 62, 800, 95, Blue) < 30));
        Assert.True(HeadingInPlace(shots[0]), "the heading is not where it starts");
        Assert.True(shots[1].Count(560, 62, 800, 95, Blue) < 30, "the wheel did not scroll the text");
    }

    // Squeak 2 mini (MVC, polling input): the screen menu's labels at the bottom right while the
    // yellow button is held; open..., workspace, place it, type.
    private static int MvcMenuInk(Shot s) => s.Count(555, 358, 638, 478, Dark);
    private static bool MvcTextIsTyped(Shot s) => s.Count(80, 24, 150, 36, Dark) > 60;

    private static object[] MvcWorkspace() =>
    [
        new Step("0 move 600 455\n0.2 down 600 455 yellow", (before, now) => MvcMenuInk(now) > MvcMenuInk(before) + 300),
        new Step("0 move 595 377\n0.5 up 595 377 yellow", Settled()),
        new CursorStep("0 move 595 389\n0.2 down 595 389 red\n0.5 up 595 389 red"),
        new Step("0 move 100 100\n0.1 down 100 100 red\n0.5 move 400 300\n1.0 up 400 300 red", Settled()),
        new Step("0 move 200 200\n0.5 type Hello MVC", (_, now) => MvcTextIsTyped(now)),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Mvc_screen_menu_opens_a_workspace_that_takes_typing(bool compiled)
    {
        var (vm, shots) = Run("squeak2-mini.image", MvcBrowserIsUp, compiled, MvcWorkspace());
        output.WriteLine($"interpreted sends: {vm.SendCount}");
        Assert.True(MvcMenuInk(shots[1]) > MvcMenuInk(shots[0]) + 300, "the screen menu did not open");
        Assert.True(MvcTextIsTyped(shots[5]), "the typed text is not in the workspace");
    }

    [Fact]
    public void The_recompiled_tier_runs_the_world_loop_in_compiled_code()
    {
        // Sends the interpreter performs: in the recompiled tier only what compiled code cannot do
        // (process switches, doits) should reach it, a small part of the interpreter tier's count.
        var (interpreted, _) = Run("squeak2-mini.image", MvcBrowserIsUp, false, MvcWorkspace());
        var (compiled, _) = Run("squeak2-mini.image", MvcBrowserIsUp, true, MvcWorkspace());
        output.WriteLine($"interpreted sends: {interpreted.SendCount} (interpreter tier), {compiled.SendCount} (recompiled tier)");
        Assert.True(compiled.DirectResumes + compiled.DirectCallsFromContexts > 0, "no compiled body ran");
        // About 1 M of the recompiled tier's are start-up's, before compiled code is attached; the
        // interpreter tier's count shrinks on a loaded machine (the run lasts until the screen is
        // ready, not for a number of sends): 27 M on a quiet one, 10 M under load.
        Assert.True(compiled.SendCount < interpreted.SendCount / 5, $"{compiled.SendCount} of {interpreted.SendCount} sends were interpreted");
    }
}
