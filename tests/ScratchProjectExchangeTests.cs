using Xunit;
using static ImageAot.Tests.ScratchScripts;

namespace ImageAot.Tests;

/// <summary>
/// Scratch projects travel both ways between our VM and Debian's squeakvm: each saves a project
/// with Scratch's own writeScratchProject (what File > Save runs) and the other opens it with
/// openScratchProjectNamed: (what File > Open and the command line run) and finds what was saved.
/// </summary>
public class ScratchProjectExchangeTests
{
    /// <summary>
    /// MarbleRacer (three sprites, costumes, sounds, stage and sprite variables, scripts). Our VM
    /// opens it, renames the first sprite, sets a stage variable and saves it as ours.sb; in the
    /// same eval it saves the image, whose resumption on squeakvm opens ours.sb, renames the last
    /// sprite, sets another variable and saves squeakvm.sb; our VM then opens that. Each side
    /// writes what the project holds after saving and after opening (<see cref="WriteFacts"/>).
    /// </summary>
    [Fact]
    public void A_project_saved_on_either_VM_opens_on_the_other_with_its_changes()
    {
        var project = ScratchFiles.Project("Games/5 MarbleRacer.sb");
        var dir = Directory.CreateTempSubdirectory("imageaot-scratch-exchange-").FullName;
        try
        {
            string In(string name) => Path.Combine(dir, name);
            var image = ScratchFiles.CopyImageTo(dir);
            var onSqueakVm = FindFrame + Open(In("ours.sb")) + WriteFacts(In("squeakvm-read.txt"))
                + RenameSprite(0, "saved by squeakvm") + SetStageVariable(false, "squeakvm") + SaveAs(In("squeakvm.sb")) + WriteFacts(In("squeakvm-saved.txt"));
            var saved = LauncherCli.Run("eval", image, Temporaries + FindFrame + Open(project)
                + RenameSprite(1, "saved by ImageAot") + SetStageVariable(true, "ImageAot") + SaveAs(In("ours.sb")) + WriteFacts(In("ours-saved.txt"))
                + OnSqueakVm(onSqueakVm));
            Assert.True(saved.ExitCode == 0 && saved.Stdout.Trim() == "false", $"our VM's save: {saved.Stdout}{saved.Stderr}");

            ScratchOnSqueakVm.RunToQuit(image, TimeSpan.FromMinutes(1));
            Assert.True(File.Exists(In("squeakvm-saved.txt")), "squeakvm did not save the project");

            var read = LauncherCli.Run("eval", ScratchFiles.Image, Temporaries + FindFrame + Open(In("squeakvm.sb")) + WriteFacts(In("ours-read.txt")) + "frame workPane sprites size");
            Assert.True(read.ExitCode == 0, $"our VM's open: {read.Stdout}{read.Stderr}");

            var oursSaved = File.ReadAllText(In("ours-saved.txt"));
            var squeakVmSaved = File.ReadAllText(In("squeakvm-saved.txt"));
            Assert.Contains("saved by ImageAot", oursSaved);
            Assert.Contains("'ImageAot'", oursSaved);
            Assert.Equal(oursSaved, File.ReadAllText(In("squeakvm-read.txt")));
            Assert.Contains("saved by squeakvm", squeakVmSaved);
            Assert.Contains("saved by ImageAot", squeakVmSaved);
            Assert.Equal(squeakVmSaved, File.ReadAllText(In("ours-read.txt")));
            // The stage and MarbleRacer's three sprites, each with its costumes and scripts.
            Assert.Equal(4, squeakVmSaved.Split('\r', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally { Directory.Delete(dir, true); }
    }
}
