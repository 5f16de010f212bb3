using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ImageAot.Recompiler;

/// <summary>
/// Precompiles a recompiled assembly to native code with crossgen2 (ReadyToRun), so that a
/// shipped image starts without JIT warm-up. crossgen2 comes from the NuGet package the
/// recompiler's project downloads on restore (a PackageDownload of the 10.0 package).
/// </summary>
public static class ReadyToRunCompiler
{
    private const string Package = "microsoft.netcore.app.crossgen2.linux-x64";

    public static void Compile(string ilAssembly, string outputPath)
    {
        var crossgen = FindCrossgen() ?? throw new IOException($"crossgen2 was not found (NuGet package {Package}): run scripts/setup.sh");
        var references = new List<string>
        {
            Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"),
            typeof(ImageAot.Runtime.ObjectModel.Value).Assembly.Location,
        };
        var psi = new ProcessStartInfo(crossgen) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { ilAssembly, "-o", outputPath, "--targetos", "linux", "--targetarch", RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(), "-O" })
            psi.ArgumentList.Add(a);
        foreach (var r in references) { psi.ArgumentList.Add("-r"); psi.ArgumentList.Add(r); }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new IOException($"crossgen2 failed ({p.ExitCode}): {(stderr + stdout.Result).Trim().ReplaceLineEndings(" ")}");
    }

    private static string? FindCrossgen()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var dir = Path.Combine(root, Package);
        if (!Directory.Exists(dir)) return null;
        var runtime = Environment.Version;
        return Directory.GetDirectories(dir)
            .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d), out var v) ? v : null))
            .Where(x => x.Version is not null && x.Version.Major == runtime.Major)
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Dir, "tools", "crossgen2"))
            .FirstOrDefault(File.Exists);
    }
}
