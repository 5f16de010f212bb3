using System.Diagnostics;

namespace ImageAot.Tests;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs a program to its end with a time limit, capturing both output streams.</summary>
public static class ProcessRunner
{
    /// <param name="cleanEnvironment">Start from an empty environment (no PATH, no .NET variables), then add <paramref name="environment"/>.</param>
    public static ProcessResult Run(string program, IEnumerable<string> args, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null,
        bool cleanEnvironment = false, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (cleanEnvironment) psi.Environment.Clear();
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            p.Kill(true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {limit}");
        }
        p.WaitForExit();
        return new ProcessResult(p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}

/// <summary>Runs the real launcher executable (built beside the tests) as a user would.</summary>
public static class LauncherCli
{
    public static ProcessResult Run(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "launcher.dll"), .. args], TimeSpan.FromMinutes(2));

    /// <summary>Runs the launcher in <paramref name="directory"/> (where it looks for out/NAME.dll, and where an image may leave logs).</summary>
    public static ProcessResult RunIn(string directory, params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "launcher.dll"), .. args], TimeSpan.FromMinutes(2), workingDirectory: directory);
}
