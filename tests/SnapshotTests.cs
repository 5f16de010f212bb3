using Xunit;

namespace ImageAot.Tests;

/// <summary>Primitive 97 writes the running heap as an image that loads again with the state the program left.</summary>
public class SnapshotTests
{
    [Theory]
    [InlineData("squeak2-mini.image")]
    [InlineData("cuis4.1-reduced.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void Snapshot_writes_an_image_that_keeps_new_state(string name)
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-snapshot").FullName;
        var path = Path.Combine(dir, name);
        File.Copy(TestImages.PathOf(name), path);
        File.SetAttributes(path, FileAttributes.Normal);

        var r = LauncherCli.Run("eval", path, "Smalltalk at: #ImageAotSaved put: 42. Smalltalk snapshotPrimitive");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("false", r.Stdout.Trim());   // the running image sees false; a resumed one sees true

        var again = LauncherCli.Run("eval", path, "(Smalltalk at: #ImageAotSaved) + 1");
        Assert.Equal("43", again.Stdout.Trim());
    }

    [Fact]
    public void A_read_only_image_file_is_never_overwritten()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-snapshot").FullName;
        var path = Path.Combine(dir, "squeak2-mini.image");
        File.Copy(TestImages.PathOf("squeak2-mini.image"), path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = File.ReadAllBytes(path);

        var r = LauncherCli.Run("eval", path, "Smalltalk snapshotPrimitive");
        Assert.Equal("error: a primitive has failed", (r.Stdout + r.Stderr).Trim());
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("squeak2-mini.image", 1, "error: a primitive has failed")]
    [InlineData("cuis5.0-spur32.image", 0, "nil")]
    public void A_snapshot_that_cannot_be_written_fails_the_primitive(string name, int exitCode, string output)
    {
        // The primitive fails, so the image's fallback code runs: Squeak 2 reports the failure, Cuis answers nil.
        var r = LauncherCli.Run("eval", TestImages.PathOf(name), "Smalltalk imageName: '/nonexistent/dir/x.image'. Smalltalk snapshotPrimitive");
        Assert.Equal(exitCode, r.ExitCode);
        Assert.Equal(output, (r.Stdout + r.Stderr).Trim());
    }
}
