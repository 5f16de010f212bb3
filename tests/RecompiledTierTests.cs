using ImageAot.Recompiler;
using ImageAot.Runtime.Execution;
using Xunit;

namespace ImageAot.Tests;

/// <summary>Differential tests: the recompiled tier gives the interpreter's answers.</summary>
public class RecompiledTierTests
{
    private static readonly Dictionary<string, IReadOnlyDictionary<ulong, CompiledBody>> Assemblies = new();

    /// <summary>Recompiles an image once per test run and loads the assembly.</summary>
    public static IReadOnlyDictionary<ulong, CompiledBody> BodiesFor(string image)
    {
        lock (Assemblies)
        {
            if (!Assemblies.TryGetValue(image, out var bodies))
            {
                var dir = Directory.CreateTempSubdirectory("imageaot-recompiled").FullName;
                var path = Path.Combine(dir, Path.GetFileNameWithoutExtension(image) + ".dll");
                ImageRecompiler.Recompile(TestImages.Shared(image), path);
                Assemblies[image] = bodies = CompiledAssembly.Load(path);
            }
            return bodies;
        }
    }

    public static string PrintCompiled(string image, string expr)
    {
        var s = new SmalltalkSession(image);
        s.Vm.CompiledBodies = BodiesFor(image);
        return s.Print(expr);
    }

    public static IEnumerable<object[]> Cases() =>
        from image in SmalltalkSession.WithCompiler
        from e in EvalAcceptanceTests.Expressions
        select new object[] { image, e.Expr, e.Expected };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Acceptance_expressions_agree_with_the_interpreter(string image, string expr, string expected) =>
        Assert.Equal(expected, PrintCompiled(image, expr));

    [Theory]
    [InlineData("squeak2-mini.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void TinyBenchmarks_runs_in_the_recompiled_tier(string image) =>
        Assert.Matches(@"^'[\d,]+ bytecodes/sec; [\d,]+ sends/sec'$", PrintCompiled(image, "0 tinyBenchmarks"));

    [Fact]
    public void Every_method_of_every_image_is_compiled()
    {
        foreach (var name in TestImages.All)
        {
            var dir = Directory.CreateTempSubdirectory("imageaot-recompiled").FullName;
            var r = ImageRecompiler.Recompile(TestImages.Shared(name), Path.Combine(dir, "x.dll"));
            Assert.True(r.NotCompiled.Count == 0, $"{name}: " + string.Join("; ", r.NotCompiled.Select(kv => $"{kv.Value} {kv.Key}")));
            Assert.Equal(r.Methods, r.Compiled);
            Assert.True(r.DistinctBodies < r.Methods);
        }
    }
}
