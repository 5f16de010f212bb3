using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Snapshots cross between our VM and the classic C VM (Debian's squeak-vm, installed by
/// scripts/setup.sh) in both directions: each VM resumes the other's snapshot with the
/// primitive's answer, and nothing else, on the saved context's stack.
/// </summary>
public class SnapshotPeerVmTests
{
    private const string SqueakVm = "/usr/lib/squeak/4.10.2.2614+20120917~dfsg/squeakvm";

    [Fact]
    public void Snapshots_resume_on_the_other_VM_with_the_answer_and_the_neighbouring_temporaries_intact()
    {
        Assert.True(File.Exists(SqueakVm), $"{SqueakVm} is missing: run scripts/setup.sh, which installs Debian's squeak-vm");
        var dir = Directory.CreateTempSubdirectory("imageaot-peer-snapshot").FullName;
        try
        {
            var image = Path.Combine(dir, "cuis.image");
            File.Copy(TestImages.PathOf("cuis4.1-reduced.image"), image);
            File.Copy(TestImages.PathOf("cuis4.1-reduced.changes"), Path.Combine(dir, "cuis.changes"));
            foreach (var f in Directory.GetFiles(dir)) File.SetAttributes(f, FileAttributes.Normal);
            var onC = Path.Combine(dir, "resumed-on-c.txt");
            var onUs = Path.Combine(dir, "resumed-on-us.txt");

            // Stage 1 (us) saves; stage 2 (the C VM) reports what it resumed with and saves;
            // stage 3 (us again) reports what it resumed with. Temporaries on both sides of the
            // answer show whether a VM pushed or dropped a stack slot on resume.
            var program =
                "| a x b y | a := 11. b := 22. x := Smalltalk snapshotPrimitive. " +
                "x == false ifFalse: [" +
                $"  (FileStream forceNewFileNamed: '{onC}') nextPutAll: a printString, ' ', x printString, ' ', b printString; close. " +
                "  y := Smalltalk snapshotPrimitive. y == false ifTrue: [Smalltalk quitPrimitive]. " +
                $"  (FileStream forceNewFileNamed: '{onUs}') nextPutAll: a printString, ' ', x printString, ' ', y printString, ' ', b printString; close. " +
                "  Smalltalk quitPrimitive]. x";
            var saved = LauncherCli.Run("eval", image, program);
            Assert.Equal("false", saved.Stdout.Trim());

            var c = ProcessRunner.Run(SqueakVm, ["-vm-display-null", "-vm-sound-null", image], TimeSpan.FromMinutes(1));
            Assert.True(c.ExitCode == 0, $"squeakvm failed: {c.Stdout} {c.Stderr}");
            Assert.Equal("11 true 22", File.ReadAllText(onC));
            Assert.False(File.Exists(onUs));

            var us = LauncherCli.Run("run", image, "--headless");
            Assert.True(us.ExitCode == 0, us.Stdout + us.Stderr);
            Assert.Equal("11 true true 22", File.ReadAllText(onUs));
        }
        finally { Directory.Delete(dir, true); }
    }
}
