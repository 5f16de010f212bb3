using Xunit;
using Xunit.Abstractions;

namespace ImageAot.Tests;

/// <summary>
/// Scratch 1.4 looks on our VM as it does on Debian's squeakvm: the start-up screen and the screen
/// after opening a sample project from the command line agree on at least 97% of the pixels with
/// squeakvm's, photographed at test time (pictures live in a temporary folder).
/// </summary>
public class ScratchScreenTests(ITestOutputHelper output)
{
    /// <summary>Start-up: squeakvm's screen by ../shared/screens/capture.sh in its Scratch mode (Debian's command line, empty document).</summary>
    [Fact]
    public void Scratchs_start_up_screen_matches_squeakvms()
    {
        ScratchOnSqueakVm.RequireTools();
        var dir = Directory.CreateTempSubdirectory("imageaot-scratch-screen-");
        try
        {
            var settings = new Dictionary<string, string> { ["MODE"] = "scratch", ["SCRATCH_DIR"] = ScratchFiles.Folder };
            var (_, ours) = ScratchScreens.Compare(dir.FullName,
                () => ReferenceScreens.Capture("scratch", ScratchFiles.Image, [], Path.Combine(dir.FullName, "ref"), settings), 12, null, output);
            LauncherRunTests.AssertScratchStartScreen(ours);
        }
        finally { dir.Delete(true); }
    }

    /// <summary>
    /// A project given on the command line, before its green flag. Tamika's letters are costumes
    /// drawn in many colours on a black stage, with scripts in the scripts pane; MelodyList's stage
    /// shows a variable watcher and a list watcher (text in many small cells) beside the cat, and
    /// its scripts nest reporters. Both screens stay still by themselves (a project showing the
    /// timer's watcher, as MarbleRacer does, would not).
    /// </summary>
    [Theory]
    [InlineData("Names/2 Tamika.sb")]
    [InlineData("Music and Dance/3 MelodyList.sb")]
    public void Scratchs_screen_after_opening_a_project_matches_squeakvms(string project)
    {
        ScratchOnSqueakVm.RequireTools();
        var path = ScratchFiles.Project(project);
        var dir = Directory.CreateTempSubdirectory("imageaot-scratch-screen-");
        try
        {
            var (_, ours) = ScratchScreens.Compare(dir.FullName, () => ScratchOnSqueakVm.Screenshot(path, dir.FullName), 15, path, output);
            Assert.False(ScratchScreenFacts.ShowsADialog(ours), $"{project}: a dialog covers the screen");
        }
        finally { dir.Delete(true); }
    }
}
