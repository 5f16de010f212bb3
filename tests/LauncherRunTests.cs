using Xunit;

namespace ImageAot.Tests;

/// <summary>`launcher run` as a user calls it: headless screenshots, scripted input, image arguments, bad input.</summary>
public class LauncherRunTests
{
    private static string Temp(string name) => Path.Combine(Directory.CreateTempSubdirectory("imageaot-run").FullName, name);

    [Fact]
    public void A_malformed_events_file_is_one_line_naming_its_line()
    {
        var events = Temp("events.txt");
        File.WriteAllText(events, "1 move 10 10\n2 fly 3 4\n");
        var r = LauncherCli.Run("run", TestImages.PathOf("squeak2-mini.image"), "--headless", "--events", events);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"error: {events} line 2: unknown event 'fly'", r.Stderr.Trim());
    }

    [Fact]
    public void Without_an_X_display_the_window_is_one_line_suggesting_headless()
    {
        var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "launcher.dll"), "run", TestImages.PathOf("squeak2-mini.image")],
            TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["DISPLAY"] = "", ["WAYLAND_DISPLAY"] = "" });
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("error: cannot open a window (no X display: DISPLAY is not set); use --headless", r.Stderr.Trim());
    }

    [Fact]
    public void Arguments_after_the_image_go_to_the_image_even_when_they_look_like_options()
    {
        var r = LauncherCli.Run("run", TestImages.PathOf("squeakjs-headless-spur32.image"), "--headless", "--", "--not-ours", "x");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("3 + 4 = 7", r.Stdout);
    }

    [Fact]
    public void A_screenshot_in_a_missing_folder_is_one_line()
    {
        var r = LauncherCli.Run("run", TestImages.PathOf("squeak2-mini.image"), "--headless", "--screenshot", "/nonexistent-dir/x.png");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: no folder for the screenshot", r.Stderr.Trim());
    }

    [Fact]
    public void Scratch_starts_headless_with_its_stage_and_sprite_and_no_notifier()
    {
        var scratch = Path.Combine(TestImages.RepositoryRoot(), ".cache", "scratch", "Scratch.image");
        Assert.True(File.Exists(scratch), "Scratch.image is missing: scripts/setup.sh fetches it from Debian's scratch package");
        var shot = Temp("scratch.png");
        var r = LauncherCli.Run("run", scratch, "--headless", "--screenshot", shot, "--after", "12");
        Assert.True(r.ExitCode == 0, r.Stderr);
        AssertScratchStartScreen(shot);
    }

    /// <summary>Scratch's start-up screen: its size, the white stage, the palette frame, the cat, and no error notifier.</summary>
    public static void AssertScratchStartScreen(string shot)
    {
        var png = PngReader.Read(shot);
        Assert.Equal((1024, 767), (png.Width, png.Height));   // the screen size saved in the image
        Assert.Equal(0xFFFFFFu, png.Rgb(700, 200));                 // the stage
        Assert.Equal(0xACAEB1u, png.Rgb(5, 400));                   // the frame around the palette
        var orange = 0;                                              // the sprite: Scratch's cat
        for (var y = 150; y < 330; y++)
            for (var x = 700; x < 840; x++)
                if (png.Rgb(x, y) == 0xFAA41Au) orange++;
        Assert.True(orange > 1000, $"the cat is not on the stage ({orange} orange pixels)");
        var pink = 0;                                                // an error notifier's pink title and body
        for (var y = 0; y < 160; y++)
            for (var x = 150; x < 600; x++)
                if (png.Rgb(x, y) is var p && (p >> 16) > 240 && ((p >> 8) & 255) is > 180 and < 215 && (p & 255) is > 180 and < 215) pink++;
        Assert.True(pink < 200, "an error notifier covers the UI");
        // Text by the UnicodePlugin: its 13-pixel lines (DejaVu Sans 10 px) make the palette's blocks
        // taller than Scratch's own 12-pixel bitmap font does, so the last label, "direction", has its
        // white letters at y 648-659 (as on squeakvm), not 12 pixels higher.
        var white = 0;
        for (var y = 648; y < 660; y++)
            for (var x = 30; x < 95; x++)
                if (png.Rgb(x, y) == 0xFFFFFFu) white++;
        Assert.True(white > 120, $"the palette's labels are not where the UnicodePlugin's text puts them ({white} white pixels of 'direction')");
    }
}
