using System.Diagnostics;
using ImageAot.Runtime.Image;

namespace ImageAot.Recompiler.Bundling;

/// <summary>
/// `recompile IMAGE --bundle OUT`: one executable holding the VM, the image (with the .changes and
/// .sources files beside it) and the image's code precompiled to native code. Entry names say
/// what a file is for: "image/NAME.image", "beside/FILE" (goes next to the image),
/// "code/NAME.dll" (the bodies start-up runs, precompiled) and "code/NAME.cold.dll" (the others, IL).
/// </summary>
public static class BundleBuilder
{
    public const string ImagePrefix = "image/", BesidePrefix = "beside/", CodePrefix = "code/";

    /// <summary>What went into a bundle and how long each stage took.</summary>
    public sealed record Report(long HostBytes, long ImageBytes, long CodeBytes, long BesideBytes, long TotalBytes,
        TimeSpan Recompile, TimeSpan Host, TimeSpan Pack, ImageRecompiler.Result Compiled);

    public static Report Build(string imagePath, string outputPath, Action<string> log)
    {
        var image = ImageReader.Load(imagePath);   // an unreadable image stops here, before anything is written
        var name = Path.GetFileNameWithoutExtension(imagePath);
        var bundleName = Path.GetFileNameWithoutExtension(outputPath);
        if (string.IsNullOrWhiteSpace(bundleName) || bundleName.Contains('\t') || bundleName.Contains('\n'))
            throw new IOException($"cannot name a bundle '{outputPath}'");
        var outDir = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        if (!Directory.Exists(outDir)) throw new IOException($"no folder for the bundle: {outDir}");
        var work = Directory.CreateTempSubdirectory("imageaot-bundle");
        var partial = outputPath + ".partial";
        try
        {
            var clock = Stopwatch.StartNew();
            log("running the image headless to learn what its start-up runs, then recompiling it and precompiling (ReadyToRun) those bodies");
            var code = Path.Combine(work.FullName, name + ".dll");
            var (compiled, precompiled, _) = ImageRecompiler.RecompileForStartup(imagePath, image, code);
            log($"precompiled the {precompiled} bodies start-up runs");
            var recompileTime = clock.Elapsed;

            clock.Restart();
            var host = BundleHost.Get(log);
            var hostTime = clock.Elapsed;

            clock.Restart();
            log("packing");
            var files = new List<(string Name, string File)> { (ImagePrefix + Path.GetFileName(imagePath), imagePath) };
            files.AddRange(BesideFiles(imagePath).Select(f => (BesidePrefix + Path.GetFileName(f), f)));
            files.Add((CodePrefix + name + ".dll", code));
            files.Add((CodePrefix + name + ".cold.dll", ImageRecompiler.ColdPathFor(code)));
            BundlePayload.Write(host, partial, bundleName, files);
            File.SetUnixFileMode(partial, File.GetUnixFileMode(partial) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            File.Move(partial, outputPath, overwrite: true);
            var packTime = clock.Elapsed;

            var payload = BundlePayload.Open(outputPath);
            long Stored(string prefix) => payload.Entries.Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal)).Sum(e => e.StoredLength);
            return new Report(new FileInfo(host).Length, Stored(ImagePrefix), Stored(CodePrefix), Stored(BesidePrefix), new FileInfo(outputPath).Length,
                recompileTime, hostTime, packTime, compiled);
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
            work.Delete(true);
        }
    }

    /// <summary>The image's .changes file and the .sources files in its folder (an image finds its sources by a name of its own, in its folder).</summary>
    private static IEnumerable<string> BesideFiles(string imagePath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(imagePath))!;
        var changes = Path.ChangeExtension(Path.GetFullPath(imagePath), ".changes");
        if (File.Exists(changes)) yield return changes;
        foreach (var sources in Directory.EnumerateFiles(dir, "*.sources").Order()) yield return sources;
    }
}
