using System.Diagnostics;

namespace ImageAot.Recompiler.Bundling;

/// <summary>
/// The executable every bundle starts with: the launcher published from the source tree as one
/// self-contained linux-x64 file (ReadyToRun, the framework trimmed; our own assemblies are kept
/// whole because the compiled image code calls into them), built with the bundle-host mark so it
/// runs its appended image instead of the launcher's commands. Published once into
/// out/bundle-host and again only when a source file of the VM is newer.
/// </summary>
public static class BundleHost
{
    private static readonly string[] VmProjects = ["launcher", "recompiler", "runtime"];

    public static string Get(Action<string> log)
    {
        var root = FindSourceTree() ?? throw new IOException("bundling needs the ImageAot source tree beside the recompiler (the VM is published from it)");
        var dir = Path.Combine(root, "out", "bundle-host");
        Directory.CreateDirectory(dir);
        // One publisher at a time (tests build several bundles); the others wait and reuse its result.
        using var lockFile = WaitForLock(Path.Combine(dir, ".lock"));
        var exe = Path.Combine(dir, "publish", "launcher");
        if (File.Exists(exe) && File.GetLastWriteTimeUtc(exe) > NewestSource(root)) return exe;
        log("publishing the VM as one self-contained executable (once per change of its sources)");
        Publish(root, dir);
        if (!File.Exists(exe)) throw new IOException($"publishing the VM did not produce {exe}");
        File.SetLastWriteTimeUtc(exe, DateTime.UtcNow);
        return exe;
    }

    private static void Publish(string root, string dir)
    {
        var psi = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     "publish", Path.Combine(root, "launcher", "ImageAot.Launcher.csproj"), "-c", "Release", "-r", "linux-x64", "--self-contained",
                     "-p:PublishSingleFile=true", "-p:PublishReadyToRun=true", "-p:PublishTrimmed=true", "-p:TrimMode=partial",
                     "-p:ImageAotBundleHost=true", "-p:DebugType=none", "-p:SuppressTrimAnalysisWarnings=true", "-p:IncludeNativeLibrariesForSelfExtract=true",
                     "--artifacts-path", Path.Combine(dir, "build"), "-o", Path.Combine(dir, "publish"),
                 })
            psi.ArgumentList.Add(a);
        // The SDK's own variables of a recompiler started by `dotnet run` or a test host would confuse a nested build.
        psi.Environment.Remove("MSBuildExtensionsPath");
        psi.Environment.Remove("MSBUILD_EXE_PATH");
        psi.Environment.Remove("MSBuildSDKsPath");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            var errors = (stdout + stderr.Result).Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(3);
            throw new IOException($"publishing the VM failed ({p.ExitCode}): {string.Join(" ", errors).Trim()}");
        }
    }

    /// <summary>The dotnet executable running us (tests and tools run under it), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    private static string? FindSourceTree()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ImageAot.sln")) && Directory.Exists(Path.Combine(dir.FullName, "launcher")))
                return dir.FullName;
        return null;
    }

    private static DateTime NewestSource(string root) =>
        VmProjects
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(root, p), "*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".csproj")) && !f.Contains("/bin/") && !f.Contains("/obj/"))
            .Select(File.GetLastWriteTimeUtc)
            .DefaultIfEmpty(DateTime.MinValue)
            .Max();

    private static FileStream WaitForLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
            }
        }
    }
}
