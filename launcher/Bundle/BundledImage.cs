using ImageAot.Recompiler.Bundling;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.Plugins;

namespace ImageAot.Launcher.Bundle;

/// <summary>
/// Where a bundle's image runs from. The embedded image is read-only: the image lives (and saves
/// its snapshots) in the user's data folder named after the bundle, with its .changes and .sources
/// unpacked beside it; the next start resumes the saved snapshot, whose methods still find their
/// compiled code by content. The compiled assemblies are unpacked once into the folder's code/
/// subfolder (ReadyToRun code runs only from a file).
/// </summary>
public sealed record BundledImage(SqueakImage Image, string ImagePath, string? CodePath, bool CanSave)
{
    /// <param name="pristine">Start from the embedded image: the saved snapshot and its changes are discarded.</param>
    public static BundledImage Prepare(BundlePayload payload, bool pristine, bool withCode)
    {
        var imageEntry = payload.Entries.FirstOrDefault(e => e.Name.StartsWith(BundleBuilder.ImagePrefix, StringComparison.Ordinal))
                         ?? throw new BundleDamagedException("it holds no image");
        var imageName = imageEntry.Name[BundleBuilder.ImagePrefix.Length..];
        var folder = UserFolder(payload.BundleName);
        var canSave = folder is not null;
        // Without a folder of our own the files still need a place (the image finds its .changes
        // beside itself): a temporary one, which the image may not save into.
        folder ??= TemporaryFolder(payload.BundleName);
        var imagePath = Path.Combine(folder, imageName);
        var saved = canSave && File.Exists(imagePath);
        if (pristine && saved)
        {
            File.Delete(imagePath);
            saved = false;
        }
        foreach (var entry in payload.Entries.Where(e => e.Name.StartsWith(BundleBuilder.BesidePrefix, StringComparison.Ordinal)))
        {
            var target = Path.Combine(folder, entry.Name[BundleBuilder.BesidePrefix.Length..]);
            // A saved image's .changes holds what it added: kept; the others are refreshed when they differ in size.
            var keep = File.Exists(target) && (saved && target.EndsWith(".changes", StringComparison.Ordinal) || new FileInfo(target).Length == entry.Length && !pristine);
            if (!keep) payload.ExtractTo(entry, target);
        }
        var image = saved ? ImageReader.Load(imagePath) : ImageReader.Load(payload.ReadAll(imageEntry));
        string? codePath = null;
        var codeEntries = payload.Entries.Where(e => e.Name.StartsWith(BundleBuilder.CodePrefix, StringComparison.Ordinal)).ToList();
        if (withCode && codeEntries.FirstOrDefault(e => !e.Name.EndsWith(".cold.dll", StringComparison.Ordinal)) is { } code)
        {
            // Named by the digest of the precompiled assembly, so a rebuilt bundle never finds an old file.
            var codeFolder = Directory.CreateDirectory(Path.Combine(folder, "code")).FullName;
            codePath = Path.Combine(codeFolder, code.Sha256[..16].ToLowerInvariant() + ".dll");
            Unpack(payload, code, codePath);
            if (codeEntries.FirstOrDefault(e => e.Name.EndsWith(".cold.dll", StringComparison.Ordinal)) is { } cold)
                Unpack(payload, cold, ImageAot.Recompiler.ImageRecompiler.ColdPathFor(codePath));
        }
        return new BundledImage(image, imagePath, codePath, canSave);
    }

    private static void Unpack(BundlePayload payload, BundlePayload.Entry entry, string target)
    {
        if (!File.Exists(target) || new FileInfo(target).Length != entry.Length) payload.ExtractTo(entry, target);
    }

    /// <summary>The per-user data folder named after the bundle (XDG_DATA_HOME, else ~/.local/share), created if need be; null when it cannot be written.</summary>
    private static string? UserFolder(string bundleName)
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data)) return null;
        var folder = Path.Combine(data, bundleName);
        try
        {
            if (!Directory.Exists(folder))
            {
                // Even a VM running as root leaves alone a folder nobody may write.
                for (var up = Path.GetDirectoryName(folder); up is not null; up = Path.GetDirectoryName(up))
                    if (Directory.Exists(up))
                    {
                        if (WriteProtection.Forbids(Path.Combine(up, "x"))) return null;
                        break;
                    }
                Directory.CreateDirectory(folder);
            }
            return WriteProtection.Forbids(Path.Combine(folder, "x")) ? null : folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string TemporaryFolder(string bundleName) =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"imageaot-{bundleName}-{Environment.UserName}")).FullName;
}
