using System.Globalization;

namespace ImageAot.Benchmarks;

/// <summary>
/// Our VM as a user runs it, one fresh process per measurement (`launcher eval`), so that every
/// figure includes its tier's first run: the JIT's work in the recompiled tier, nothing carried
/// over from an earlier measurement in the same process.
/// </summary>
public sealed class OurVm(string repo)
{
    public string Launcher { get; } = Path.Combine(repo, "launcher/bin/Release/net10.0/launcher.dll");
    public string Recompiler { get; } = Path.Combine(repo, "launcher/bin/Release/net10.0/recompile.dll");

    public bool IsBuilt => File.Exists(Launcher) && File.Exists(Recompiler);

    /// <summary>Recompiles an image into an assembly beside it; answers the assembly's path.</summary>
    public string Recompile(string image)
    {
        var dll = Path.ChangeExtension(image, ".dll");
        var (code, output) = ChildProcess.Run("dotnet", [Recompiler, image, "-o", dll], Path.GetDirectoryName(image)!, 600);
        if (code != 0) throw new InvalidOperationException($"recompiling {Path.GetFileName(image)} failed: {Last(output)}");
        return dll;
    }

    /// <summary>Evaluates an expression in a fresh process; <paramref name="assembly"/> null runs the interpreter tier.</summary>
    public string Eval(string image, string expression, string? assembly, bool startUp = false, int timeoutS = 900)
    {
        var args = new List<string> { Launcher, "eval", image, expression, "--timeout", timeoutS.ToString(CultureInfo.InvariantCulture) };
        args.AddRange(assembly is null ? ["--interpret-only"] : ["--assembly", assembly]);
        if (!startUp) args.Add("--no-startup");
        var (code, output) = ChildProcess.Run("dotnet", args, Path.GetDirectoryName(image)!, timeoutS + 60);
        if (code != 0) throw new InvalidOperationException($"{expression} failed on {Path.GetFileName(image)}: {Last(output)}");
        return output.Trim();
    }

    private static string Last(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "(no output)";
}
