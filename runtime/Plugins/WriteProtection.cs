namespace ImageAot.Runtime.Plugins;

/// <summary>
/// Files and folders nobody may write stay unwritten even by a VM running as root (who could):
/// the image's write fails as it would for any other user. This keeps shared, read-only test
/// images and their folders untouched by the images' own logs and snapshots.
/// </summary>
public static class WriteProtection
{
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>True when writing <paramref name="path"/> (creating it if it does not exist) must fail.</summary>
    public static bool Forbids(string path)
    {
        try
        {
            if (OperatingSystem.IsWindows()) return File.Exists(path) && File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly);
            if (File.Exists(path)) return (File.GetUnixFileMode(path) & AnyWrite) == 0;
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            return dir is not null && Directory.Exists(dir) && (File.GetUnixFileMode(dir) & AnyWrite) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}
