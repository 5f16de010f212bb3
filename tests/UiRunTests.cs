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
    /// Runs the image's snapshot until its world is up (<paramref name="ready"/> holds for the screen,
    /// and a moment more), then replays the script, timed from that moment, and takes
    /// the screen at the given moments (the last one ends the run). Timing from the ready world
    /// keeps the test independent of how fast the machine starts the image.
    /// </summary>
    private static (Interpreter Vm, Dictionary<double, Shot> Shots) Run(string image, string script, Func<Shot, bool> ready, bool compiled, params double[] shotTimes)
    {
        var path = TestImages.PathOf(image);
        var vm = new Interpreter(ImageReader.Load(path)) { ImagePath = path, Timeout = TimeSpan.FromSeconds(180), InputSource = true };
        if (compiled) vm.Compiled = RecompiledTierTests.BodiesFor(image);
        var shots = new Dictionary<double, Shot>();
        var events = EventScript.Parse(script);
        var director = new Thread(() =>
        {
            while (true)
            {
                var (p, w, h) = vm.Screen.Snapshot();
                if (w > 0 && ready(new Shot(p, w, h))) break;
                Thread.Sleep(100);
            }
            Thread.Sleep(1000);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            events.ReplayInBackground(vm.Input, vm.Screen);
            foreach (var t in shotTimes.Order())
            {
                var wait = (int)(t * 1000 - clock.ElapsedMilliseconds);
                if (wait > 0) Thread.Sleep(wait);
                var (p, w, h) = vm.Screen.Snapshot();
                shots[t] = new Shot(p, w, h);
            }
            vm.Input.QuitRequested = true;
            vm.Input.Interrupt();
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

    /// <summary>Cuis 5's world: its desktop colour where no window is, and the Text Editor's title bar.</summary>
    private static bool CuisWorldIsUp(Shot s) =>
        s.Width == 1008 && s.At(150, 100) == (0xB3, 0xB8, 0xD4) && s.Count(400, 12, 800, 24, (r, g, b) => r is > 150 and < 190 && r == g && g == b) > 500;

    /// <summary>The mini image's MVC screen: the System Browser's title.</summary>
    private static bool MvcBrowserIsUp(Shot s) => s.Width == 640 && s.Count(250, 2, 360, 16, Dark) > 100;

    private const string CuisWorkspace = """
        # Cuis 5.0: the world menu, Open..., Workspace, then typing
        0.5 move 200 150
        0.7 down 200 150 red
        0.8 up 200 150 red
        3.5 move 245 176
        3.6 down 245 176 red
        3.7 up 245 176 red
        5.5 move 300 221
        5.6 down 300 221 red
        5.7 up 300 221 red
        7.5 move 400 300
        8.0 type Hello from ImageAot
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cuis_world_menu_opens_a_workspace_that_takes_typing(bool compiled)
    {
        var (_, shots) = Run("cuis5.0-spur32.image", CuisWorkspace, CuisWorldIsUp, compiled, 0.2, 3.0, 11.0);
        var before = shots[0.2];
        var menu = shots[3.0];
        var end = shots[11.0];
        // The world menu (a grey box with dark item labels) covers the desktop where it was plain.
        Assert.True(before.Count(210, 170, 330, 420, Dark) < 50, "the desktop should be plain before the click");
        Assert.True(menu.Count(210, 170, 330, 420, Dark) > 500, "the world menu did not open");
        // The workspace's yellow title bar across the top, and the typed text in its first line.
        Assert.True(end.Count(100, 2, 800, 20, (r, g, b) => r > 200 && g > 200 && b < 140) > 5000, "no workspace title bar");
        Assert.True(end.Count(86, 26, 240, 40, (r, g, b) => r > 150 && g < 80 && b < 80 || Dark(r, g, b)) > 150, "the typed text is not there");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cuis_text_scrolls_with_the_wheel(bool compiled)
    {
        const string script = """
            0.5 move 700 300
            1.0 wheel 0 -3
            2.0 wheel 0 -3
            """;
        var (_, shots) = Run("cuis5.0-spur32.image", script, CuisWorldIsUp, compiled, 0.2, 5.0);
        static bool Blue(int r, int g, int b) => b > 180 && r < 60 && g < 60;
        // The big blue "Cuis Smalltalk" heading of the text editor scrolls out of its place.
        Assert.True(shots[0.2].Count(560, 62, 800, 95, Blue) > 300, "the heading is not where it starts");
        Assert.True(shots[5.0].Count(560, 62, 800, 95, Blue) < 30, "the wheel did not scroll the text");
    }

    private const string MvcWorkspace = """
        # Squeak 2 mini (MVC, polling input): the screen menu, open..., workspace, place it, type
        0.5 move 600 455
        0.7 down 600 455 yellow
        2.5 move 595 377
        3.0 up 595 377 yellow
        4.3 move 595 389
        4.5 down 595 389 red
        4.8 up 595 389 red
        6.0 move 100 100
        6.1 down 100 100 red
        6.5 move 400 300
        7.0 up 400 300 red
        8.0 move 200 200
        8.5 type Hello MVC
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Mvc_screen_menu_opens_a_workspace_that_takes_typing(bool compiled)
    {
        var (vm, shots) = Run("squeak2-mini.image", MvcWorkspace, MvcBrowserIsUp, compiled, 0.3, 2.2, 11.0);
        output.WriteLine($"interpreted sends: {vm.SendCount}");
        // The screen menu's labels appear at the bottom right while the yellow button is held.
        Assert.True(shots[2.2].Count(555, 358, 638, 478, Dark) > shots[0.3].Count(555, 358, 638, 478, Dark) + 300, "the screen menu did not open");
        // A workspace window with the typed words in its first line.
        Assert.True(shots[11.0].Count(80, 24, 150, 36, Dark) > 60, "the typed text is not in the workspace");
    }

    [Fact]
    public void The_recompiled_tier_runs_the_world_loop_in_compiled_code()
    {
        // Sends the interpreter performs: in the recompiled tier only what compiled code cannot do
        // (process switches, doits) should reach it, a small part of the interpreter tier's count.
        var (interpreted, _) = Run("squeak2-mini.image", MvcWorkspace, MvcBrowserIsUp, false, 11.0);
        var (compiled, _) = Run("squeak2-mini.image", MvcWorkspace, MvcBrowserIsUp, true, 11.0);
        output.WriteLine($"interpreted sends: {interpreted.SendCount} (interpreter tier), {compiled.SendCount} (recompiled tier)");
        Assert.True(compiled.DirectResumes + compiled.DirectCallsFromContexts > 0, "no compiled body ran");
        Assert.True(compiled.SendCount < interpreted.SendCount / 10, $"{compiled.SendCount} of {interpreted.SendCount} sends were interpreted");
    }
}
