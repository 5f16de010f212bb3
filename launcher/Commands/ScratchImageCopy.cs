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
        File.Copy(imagePath, ImagePath);
        var changes = Path.ChangeExtension(imagePath, ".changes");
        if (File.Exists(changes)) File.Copy(changes, Path.ChangeExtension(ImagePath, ".changes"));
        var source = Path.GetDirectoryName(Path.GetFullPath(imagePath))!;
        foreach (var sources in Directory.EnumerateFiles(source, "*.sources"))
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(sources)), sources);
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
