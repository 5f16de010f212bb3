using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Scratch 1.4 as Debian packages it, which scripts/setup.sh copies into .cache/scratch: the image
/// beside its sample projects, media, help, translations and Scratch.ini.
/// </summary>
public static class ScratchFiles
{
    public static string Folder => Path.Combine(TestImages.RepositoryRoot(), ".cache", "scratch");

    public static string Image => Path.Combine(Folder, "Scratch.image");

    /// <summary>The files and folders Scratch finds beside its image (everything in the folder but the image).</summary>
    public static IEnumerable<string> Companions => Directory.EnumerateFileSystemEntries(Folder).Where(p => Path.GetFileName(p) != "Scratch.image");

    /// <summary>A sample project by its path under Projects/, failing the test (never skipping it) when setup.sh has not run.</summary>
    public static string Project(string relativePath)
    {
        var path = Path.Combine(Folder, "Projects", relativePath);
        Assert.True(File.Exists(Image) && File.Exists(path), $"{path} is missing: scripts/setup.sh fetches Scratch and its sample projects");
        return path;
    }

    /// <summary>The image's path, failing the test (never skipping it) when setup.sh has not fetched it.</summary>
    public static string RequireImage()
    {
        Assert.True(File.Exists(Image), $"{Image} is missing: scripts/setup.sh fetches it from Debian's scratch package");
        return Image;
    }

    /// <summary>A fresh, writable copy of the image in <paramref name="directory"/> (the cache's copy stays as Debian ships it).</summary>
    public static string CopyImageTo(string directory)
    {
        var copy = Path.Combine(directory, "Scratch.image");
        File.Copy(RequireImage(), copy);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return copy;
    }
}
