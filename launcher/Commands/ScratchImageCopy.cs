namespace ImageAot.Launcher.Commands;

/// <summary>
/// A copy of an image and its .changes in a temporary folder, with the folder's .sources files
/// linked beside it: what runs there may write its changes log or even save, and the original
/// stays untouched. The folder goes away when disposed.
/// </summary>
internal sealed class ScratchImageCopy : IDisposable
{
    private readonly string folder;
    public string ImagePath { get; }

    public ScratchImageCopy(string imagePath)
    {
        folder = Directory.CreateTempSubdirectory("imageaot-test-").FullName;
        ImagePath = Path.Combine(folder, Path.GetFileName(imagePath));
        CopyWritable(imagePath, ImagePath);
        var changes = Path.ChangeExtension(imagePath, ".changes");
        if (File.Exists(changes)) CopyWritable(changes, Path.ChangeExtension(ImagePath, ".changes"));
        var source = Path.GetDirectoryName(Path.GetFullPath(imagePath))!;
        foreach (var sources in Directory.EnumerateFiles(source, "*.sources"))
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(sources)), sources);
    }

    /// <summary>
    /// Copies the image and its .changes to <paramref name="imagePath"/> and links the .sources
    /// files beside it, so the copy reads its sources as this one does.
    /// </summary>
    public void SaveTo(string imagePath)
    {
        File.Copy(ImagePath, imagePath, overwrite: true);
        var changes = Path.ChangeExtension(ImagePath, ".changes");
        if (File.Exists(changes)) File.Copy(changes, Path.ChangeExtension(imagePath, ".changes"), overwrite: true);
        var target = Path.GetDirectoryName(Path.GetFullPath(imagePath))!;
        foreach (var link in Directory.EnumerateFiles(folder, "*.sources"))
        {
            var beside = Path.Combine(target, Path.GetFileName(link));
            if (!File.Exists(beside)) File.CreateSymbolicLink(beside, new FileInfo(link).LinkTarget ?? link);
        }
    }

    /// <summary>The originals may be read-only (a shared folder); the image appends to its copy of the changes log.</summary>
    private static void CopyWritable(string from, string to)
    {
        File.Copy(from, to);
        File.SetUnixFileMode(to, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
