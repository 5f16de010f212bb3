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
    /// <summary>Runs the image's snapshot with the script for <paramref name="seconds"/>, taking the screen at the given moments.</summary>
    private static (Interpreter Vm, Dictionary<double, Shot> Shots) Run(string image, string script, double seconds, bool compiled, params double[] shotTimes)
    {
        var path = TestImages.PathOf(image);
        var vm = new Interpreter(ImageReader.Load(path)) { ImagePath = path, Timeout = TimeSpan.FromSeconds(seconds), InputSource = true };
        if (compiled) vm.Compiled = RecompiledTierTests.BodiesFor(image);
        var shots = new Dictionary<double, Shot>();
        var timers = shotTimes.Select(t => new Timer(_ =>
        {
            var (p, w, h) = vm.Screen.Snapshot();
            lock (shots) shots[t] = new Shot(p, w, h);
        }, null, TimeSpan.FromSeconds(t), Timeout.InfiniteTimeSpan)).ToList();
        EventScript.Parse(script).ReplayInBackground(vm.Input, vm.Screen);
        var outcome = vm.Resume();
        timers.ForEach(t => t.Dispose());
        Assert.Equal(RunOutcome.Timeout, outcome);
        Assert.True(vm.Screen.ShowAll(vm.DisplayForm), "the Display form is not displayable");
        var (pixels, width, height) = vm.Screen.Snapshot();
        lock (shots) shots[seconds] = new Shot(pixels, width, height);
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

    private const string CuisWorkspace = """
        # Cuis 5.0: the world menu, Open..., Workspace, then typing
        5.0 move 200 150
        5.2 down 200 150 red
        5.3 up 200 150 red
        6.0 move 245 176
        6.1 down 245 176 red
        6.2 up 245 176 red
        7.0 move 300 221
        7.1 down 300 221 red
        7.2 up 300 221 red
        8.5 move 400 300
        9.0 type Hello from ImageAot
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cuis_world_menu_opens_a_workspace_that_takes_typing(bool compiled)
    {
        var (_, shots) = Run("cuis5.0-spur32.image", CuisWorkspace, 10.5, compiled, 4.5, 5.8);
        var before = shots[4.5];
        var menu = shots[5.8];
        var end = shots[10.5];
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
            5.0 move 700 300
            5.5 wheel 0 -3
            6.0 wheel 0 -3
            """;
        var (_, shots) = Run("cuis5.0-spur32.image", script, 7.5, compiled, 4.8);
        static bool Blue(int r, int g, int b) => b > 180 && r < 60 && g < 60;
        // The big blue "Cuis Smalltalk" heading of the text editor scrolls out of its place.
        Assert.True(shots[4.8].Count(560, 62, 800, 95, Blue) > 300, "the heading is not where it starts");
        Assert.True(shots[7.5].Count(560, 62, 800, 95, Blue) < 30, "the wheel did not scroll the text");
    }

    private const string MvcWorkspace = """
        # Squeak 2 mini (MVC, polling input): the screen menu, open..., workspace, place it, type
        3.0 move 600 455
        3.2 down 600 455 yellow
        3.5 move 595 377
        3.8 up 595 377 yellow
        4.3 move 595 389
        4.5 down 595 389 red
        4.7 up 595 389 red
        5.5 move 100 100
        5.6 down 100 100 red
        5.8 move 400 300
        6.0 up 400 300 red
        7.0 move 200 200
        7.5 type Hello MVC
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Mvc_screen_menu_opens_a_workspace_that_takes_typing(bool compiled)
    {
        var (vm, shots) = Run("squeak2-mini.image", MvcWorkspace, 9, compiled, 2.8, 3.4);
        output.WriteLine($"interpreted sends: {vm.SendCount}");
        // The screen menu's labels appear at the bottom right while the yellow button is held.
        Assert.True(shots[3.4].Count(555, 358, 638, 478, Dark) > shots[2.8].Count(555, 358, 638, 478, Dark) + 300, "the screen menu did not open");
        // A workspace window with the typed words in its first line.
        Assert.True(shots[9].Count(80, 24, 150, 36, Dark) > 60, "the typed text is not in the workspace");
    }
}
