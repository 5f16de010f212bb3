using ImageAot.Recompiler;
using Mono.Cecil;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// An assembly recompiled by an earlier build of ImageAot refers to runtime helpers that may since
/// have been renamed. It is recognised when it loads (not when a body first needs the helper).
/// </summary>
public class StaleAssemblyTests
{
    private const string Image = "squeak2-mini.image";

    /// <summary>A copy of the image's fresh assembly whose first reference to an Interpreter method names one that does not exist.</summary>
    private static (string Dir, string Stale, string Missing) StaleCopy()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-stale").FullName;
        var stale = Path.Combine(dir, "out", "squeak2-mini.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        using var module = ModuleDefinition.ReadModule(RecompiledTierTests.AssemblyPathFor(Image));
        var helper = module.GetMemberReferences().OfType<MethodReference>()
            .First(m => m.DeclaringType.FullName == "ImageAot.Runtime.Execution.Interpreter");
        helper.Name += "RemovedSince";
        module.Write(stale);
        return (dir, stale, helper.Name);
    }

    [Fact]
    public void AFreshAssemblyLoads()
    {
        var code = CompiledAssembly.Load(RecompiledTierTests.AssemblyPathFor(Image));
        Assert.NotNull(code);
    }

    [Fact]
    public void ANamedStaleAssemblyIsOneLineSayingRecompile()
    {
        var (dir, stale, missing) = StaleCopy();
        try
        {
            var r = LauncherCli.Run("eval", TestImages.PathOf(Image), "3 + 4", "--assembly", stale);
            Assert.Equal(1, r.ExitCode);
            var line = Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.StartsWith("error: ", line);
            Assert.Contains(missing, line);
            Assert.Contains("recompile the image", line);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void AStaleDefaultAssemblyIsReportedAndTheImageRunsInterpreted()
    {
        var (dir, _, missing) = StaleCopy();
        try
        {
            // The launcher looks for out/NAME.dll in its working folder.
            var r = LauncherCli.RunIn(dir, "eval", TestImages.PathOf(Image), "3 + 4");
            Assert.Equal(0, r.ExitCode);
            Assert.Equal("7", r.Stdout.Trim());
            Assert.Contains("warning: ", r.Stderr);
            Assert.Contains(missing, r.Stderr);
        }
        finally { Directory.Delete(dir, true); }
    }
}
