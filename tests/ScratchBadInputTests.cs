using System.Text;
using Xunit;
using Xunit.Abstractions;
using static ImageAot.Tests.ScratchScripts;

namespace ImageAot.Tests;

/// <summary>
/// Files that are not what Scratch 1.4 expects end as they end on Debian's squeakvm: Scratch's own
/// notice for a damaged project, and costumes or sounds that quietly fail to import, with our VM
/// neither crashing nor hanging.
/// A PNG whose header asks for a huge picture is LowSpaceTests' (Scratch shows "Space is low").
/// </summary>
public class ScratchBadInputTests(ITestOutputHelper output)
{
    /// <summary>Bytes with no structure, the same every run.</summary>
    private static byte[] Noise(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 167 + (i >> 5) * 29 + 13)).ToArray();

    /// <summary>
    /// A project cut off at 80% (its object table breaks off: Scratch's reader fails on what it
    /// finds instead) and a file of noise named .sb (no Scratch header), given on the command line
    /// as Debian's scratch passes a document: Scratch shows "Could not read project; file may be
    /// damaged" with the reason, on an empty project, and the run goes on until the screenshot.
    /// </summary>
    [Theory]
    [InlineData("truncated")]
    [InlineData("noise")]
    public void A_damaged_project_on_the_command_line_shows_Scratchs_notice_as_on_squeakvm(string damage)
    {
        ScratchOnSqueakVm.RequireTools();
        var dir = Directory.CreateTempSubdirectory("imageaot-scratch-bad-").FullName;
        try
        {
            var file = Path.Combine(dir, damage + ".sb");
            var whole = File.ReadAllBytes(ScratchFiles.Project("Names/2 Tamika.sb"));
            File.WriteAllBytes(file, damage == "truncated" ? whole[..(whole.Length * 4 / 5)] : Noise(5000));
            var (_, ours) = ScratchScreens.Compare(dir, () => ScratchOnSqueakVm.Screenshot(file, dir), 12, file, output);
            Assert.True(ScratchScreenFacts.ShowsADialog(ours), $"{damage}: Scratch's notice is not on our screen");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>
    /// A sprite imports, with importMedia: (what dropping a file on Scratch runs), a text file named
    /// .png, a JPEG and a GIF that break off after their signatures, a text file named .wav and
    /// noise named .mp3, between a real costume and a real sound from Scratch's media library. Both
    /// VMs run the same Smalltalk from the same saved image and write, per file, how many media the
    /// sprite gained and the costume it wears; the lists must be equal. (On squeakvm the damaged JPEG
    /// becomes an empty costume, as its JPEG plugin reads it as a 0x0 picture.)
    /// </summary>
    [Fact]
    public void Importing_files_that_are_not_images_or_sounds_ends_as_on_squeakvm()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-scratch-import-").FullName;
        try
        {
            var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("this is neither a picture nor a sound\n", 20)));
            File.WriteAllBytes(Path.Combine(dir, "text.png"), text);
            File.WriteAllBytes(Path.Combine(dir, "damaged.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, .. Noise(3000)]);
            File.WriteAllBytes(Path.Combine(dir, "damaged.gif"), [.. "GIF89a"u8, .. Noise(3000)]);
            File.WriteAllBytes(Path.Combine(dir, "text.wav"), text);
            File.WriteAllBytes(Path.Combine(dir, "noise.mp3"), Noise(3000));
            File.Copy(Path.Combine(ScratchFiles.Folder, "Media", "Costumes", "Animals", "bat1-a.png"), Path.Combine(dir, "bat.png"));
            File.Copy(Path.Combine(ScratchFiles.Folder, "Media", "Sounds", "Animal", "Duck.wav"), Path.Combine(dir, "duck.wav"));
            string[] files = ["text.png", "damaged.jpg", "bat.png", "damaged.gif", "text.wav", "noise.mp3", "duck.wav"];

            var image = ScratchFiles.CopyImageTo(dir);
            var imports = "sprite := frame workPane submorphs detect: [:m | m isKindOf: ScratchSpriteMorph].\n"
                + $"out := FileStream newFileNamed: {Literal(dir + "/imports-")}, (resumed ifTrue: ['squeakvm'] ifFalse: ['ours']), '.txt'.\n"
                + $"#({string.Join(' ', files.Select(Literal))}) do: [:name |\n"
                + "    before := sprite media size.\n"
                + $"    sprite importMedia: {Literal(dir + "/")}, name.\n"
                + "    out nextPutAll: name; nextPutAll: ' added '; print: sprite media size - before;\n"
                + "        nextPutAll: ', wears '; nextPutAll: sprite costume mediaName; nextPutAll: ' '; print: sprite costume form extent; cr; flush].\n"
                + "out close.\n";
            var ours = LauncherCli.Run("eval", image, Temporaries + FindFrame + OnBothVms(imports));
            Assert.True(ours.ExitCode == 0 && ours.Stdout.Trim() == "false", $"our VM: {ours.Stdout}{ours.Stderr}");
            ScratchOnSqueakVm.RunToQuit(image, TimeSpan.FromMinutes(1));

            var oursLines = File.ReadAllText(Path.Combine(dir, "imports-ours.txt"));
            var squeakVmLines = File.ReadAllText(Path.Combine(dir, "imports-squeakvm.txt"));
            output.WriteLine(squeakVmLines.Replace('\r', '\n'));
            Assert.Equal(squeakVmLines, oursLines);
            // The real costume and sound import, the text files do not (the rest is whatever squeakvm does).
            Assert.Contains("bat.png added 1", oursLines);
            Assert.Contains("duck.wav added 1", oursLines);
            Assert.Contains("text.png added 0", oursLines);
            Assert.Contains("text.wav added 0", oursLines);
        }
        finally { Directory.Delete(dir, true); }
    }
}
