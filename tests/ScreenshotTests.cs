using System.Globalization;
using Xunit;
using Xunit.Abstractions;

namespace ImageAot.Tests;

/// <summary>
/// `launcher run IMAGE --headless --screenshot` must show what Debian's squeakvm shows: the V3
/// images' start-up screens are compared pixel by pixel with squeakvm's, photographed at test
/// time by ../shared/screens/capture.sh. Cuis 5 (Spur, which squeakvm cannot run) is checked at
/// a few pixels that identify its world. Every picture lives in a temporary folder.
/// </summary>
public class ScreenshotTests(ITestOutputHelper output)
{
    private const double MinEqualPercent = 99.0;

    /// <summary>
    /// Each image runs from a fresh, writable copy beside its .changes and .sources files (the
    /// shared folder is read-only, and our FilePlugin keeps read-only files unwritten even for
    /// root, which would make the images open a "cannot write the changes file" dialog), and
    /// capture.sh gets the same files. The images draw their start-up screens within about 3 s
    /// in the interpreter; --after leaves room for a machine busy with other tests.
    /// </summary>
    [Theory]
    [InlineData("squeak2-mini", 8, new string[0])]
    [InlineData("squeakjs-benchmark", 8, new string[0])]
    [InlineData("m5squeak-trailing-bytes", 8, new string[0])]
    [InlineData("squeak2.2-bigendian", 10, new[] { "squeak2.2-bigendian.changes", "SqueakV2.sources" })]
    [InlineData("cuis4.1-reduced", 10, new[] { "cuis4.1-reduced.changes", "CuisV4.sources" })]
    public void The_headless_screenshot_matches_squeakvms_start_up_screen(string name, int afterSeconds, string[] companions)
    {
        ReferenceScreens.RequireTools();
        var dir = Directory.CreateTempSubdirectory("imageaot-screens-");
        try
        {
            var extra = companions.Select(TestImages.PathOf).ToArray();
            // squeakvm sleeps most of the ~25 s capture.sh waits for its screen to settle, so our run goes alongside it.
            var reference = Task.Run(() => ReferenceScreens.Capture(name, TestImages.PathOf(name + ".image"), extra, Path.Combine(dir.FullName, "ref")));
            var ours = Screenshot(name, extra, dir.FullName, afterSeconds, "ours");
            var comparison = ReferenceScreens.Compare(ours, reference.GetAwaiter().GetResult(), Path.Combine(dir.FullName, "diff.png"));
            if (comparison.EqualPercent < MinEqualPercent)
            {
                // A machine busy with other tests may slow the start-up: one more look, twice as late.
                output.WriteLine($"after {afterSeconds} s: {comparison.Output}");
                ours = Screenshot(name, extra, dir.FullName, 2 * afterSeconds, "ours-later");
                comparison = ReferenceScreens.Compare(ours, reference.Result, Path.Combine(dir.FullName, "diff.png"));
            }
            output.WriteLine(comparison.Output);
            Assert.True(comparison.SameSize, $"{name}: our screen and squeakvm's differ in size: {comparison.Output}");
            Assert.True(comparison.EqualPercent >= MinEqualPercent,
                $"{name}: {comparison.EqualPercent.ToString(CultureInfo.InvariantCulture)}% of the pixels equal squeakvm's, below {MinEqualPercent}%: {comparison.Output}");
        }
        finally { dir.Delete(true); }
    }

    /// <summary>
    /// Cuis 5.0 (Spur 32, 1008x532) starts with its pale blue-grey desktop, a Transcript window
    /// (amber title bar, white text area) at the lower left, a "Cuis Smalltalk" Text Editor (grey
    /// title bar, light grey text area) at the upper right and the grey taskbar along the bottom,
    /// whose left end holds a clock and window thumbnails. The pixels checked stay clear of the
    /// clock, the thumbnails, text, cursors and window borders.
    /// </summary>
    [Fact]
    public void Cuis5_starts_with_its_world_on_the_screen()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-screens-");
        try
        {
            var png = Screenshot("cuis5.0-spur32", [TestImages.PathOf("cuis5.0-spur32.changes"), TestImages.PathOf("CuisV5.sources")], dir.FullName, 15, "cuis5");
            var shot = PngReader.Read(png);
            Assert.Equal((CuisWidth, CuisHeight), (shot.Width, shot.Height));
            // Within a few levels a channel: the desktop is a JPEG picture, and JPEG decoders may round differently.
            static bool Near(uint a, uint b) => Enumerable.Range(0, 3).All(k => Math.Abs((int)(a >> (8 * k) & 255) - (int)(b >> (8 * k) & 255)) <= 6);
            var wrong = CuisPixels.Where(p => !Near(shot.Rgb(p.X, p.Y), p.Rgb))
                .Select(p => $"{p.What} at {p.X},{p.Y}: {shot.Rgb(p.X, p.Y):X6}, expected {p.Rgb:X6}").ToList();
            Assert.True(wrong.Count == 0, "Cuis 5's start-up screen: " + string.Join("; ", wrong));
        }
        finally { dir.Delete(true); }
    }

    private const int CuisWidth = 1008, CuisHeight = 532;

    private static readonly (string What, int X, int Y, uint Rgb)[] CuisPixels =
    [
        // Cuis' desktop picture (a JPEG it shows when the VM has the JPEG plugin, as Cog has).
        ("desktop, top left", 20, 20, 0x214987),
        ("desktop, left of the editor", 200, 100, 0x1F4B8A),
        ("desktop, below the editor", 700, 475, 0x75A8E7),
        ("desktop, lower right", 1000, 480, 0x3668B1),
        ("taskbar", 600, 515, 0x7F7F7F),
        ("taskbar, right end", 990, 525, 0x7F7F7F),
        ("Transcript title bar", 250, 270, 0xE0A854),
        ("Transcript text area", 200, 450, 0xFFFFFF),
        ("Text Editor title bar", 700, 18, 0xA8A8A8),
        ("Text Editor text area", 600, 300, 0xF3F3F3),
    ];

    /// <summary>
    /// Copies the image and its companions into a folder of its own (writable) and photographs
    /// its screen after <paramref name="afterSeconds"/> with the launcher (interpreter tier).
    /// </summary>
    private static string Screenshot(string name, string[] companions, string tempDir, int afterSeconds, string label)
    {
        var runDir = Path.Combine(tempDir, label);
        Directory.CreateDirectory(runDir);
        var image = Path.Combine(runDir, name + ".image");
        File.Copy(TestImages.PathOf(name + ".image"), image);
        foreach (var file in companions)
            File.Copy(file, Path.Combine(runDir, file.EndsWith(".changes") ? name + ".changes" : Path.GetFileName(file)));
        foreach (var file in Directory.GetFiles(runDir)) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var png = Path.Combine(tempDir, label + ".png");
        var run = LauncherCli.Run("run", image, "--headless", "--screenshot", png, "--after", afterSeconds.ToString(CultureInfo.InvariantCulture), "--interpret-only");
        Assert.True(run.ExitCode == 0 && File.Exists(png), $"{name}: launcher run --screenshot failed (exit {run.ExitCode}): {run.Stdout}{run.Stderr}");
        return png;
    }
}
