using System.Diagnostics;
using System.Text;

namespace ImageAot.Benchmarks;

/// <summary>
/// A program a benchmark starts and watches while it runs: its process id (to sample its CPU time),
/// its output as it comes (to stop it at a line it prints), a wait with a time limit.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private Func<string, bool>? stopAt;

    private ChildProcess(Process process) => this.process = process;

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public static ChildProcess Start(string file, IEnumerable<string> args, string dir, IEnumerable<(string Name, string Value)>? env = null)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in env ?? []) psi.Environment[name] = value;
        var p = new Process { StartInfo = psi };
        var child = new ChildProcess(p);
        p.OutputDataReceived += (_, e) => child.Take(e.Data);
        p.ErrorDataReceived += (_, e) => child.Take(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a program to its end (or the time limit); answers its exit code (-1: killed at the limit) and output.</summary>
    public static (int Code, string Output) Run(string file, IEnumerable<string> args, string dir, int timeoutS, IEnumerable<(string, string)>? env = null)
    {
        using var child = Start(file, args, dir, env);
        return child.Wait(timeoutS);
    }

    /// <summary>Kills the program as soon as it prints a line <paramref name="line"/> accepts (a line printed before this call counts too).</summary>
    public void StopAt(Func<string, bool> line)
    {
        lock (output)
        {
            stopAt = line;
            if (output.ToString().Split('\n').Any(line)) Kill();
        }
    }

    public (int Code, string Output) Wait(int timeoutS)
    {
        var finished = process.WaitForExit(timeoutS * 1000);
        if (!finished) Kill();
        process.WaitForExit();   // drains the output handlers
        lock (output) return (finished ? process.ExitCode : -1, finished ? output.ToString() : $"timed out after {timeoutS} s\n{output}");
    }

    private void Take(string? line)
    {
        if (line is null) return;
        lock (output)
        {
            output.Append(line).Append('\n');
            if (stopAt?.Invoke(line) == true) Kill();
        }
    }

    private void Kill()
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }   // already gone
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }
}
