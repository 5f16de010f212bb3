using System.Diagnostics;

namespace ImageAot.Tests;

/// <summary>Runs the real launcher executable (built beside the tests) as a user would.</summary>
public static class LauncherCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "launcher.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            throw new TimeoutException($"launcher {string.Join(' ', args)} did not finish");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
