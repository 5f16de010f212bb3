using ImageAot.Recompiler;
using ImageAot.Runtime.Execution;
using Xunit;

namespace ImageAot.Tests;

/// <summary>Differential tests: the recompiled tier gives the interpreter's answers.</summary>
public class RecompiledTierTests
{
    private static readonly Dictionary<string, CompiledCode> Assemblies = new();
    private static readonly Dictionary<string, (string Path, ImageRecompiler.Result Result)> Recompiled = new();

    /// <summary>Recompiles an image once per test run and loads the assembly.</summary>
    public static CompiledCode BodiesFor(string image)
    {
        var path = AssemblyPathFor(image);
        lock (Assemblies)
        {
            if (!Assemblies.TryGetValue(image, out var bodies)) Assemblies[image] = bodies = CompiledAssembly.Load(path);
            return bodies;
        }
    }

    /// <summary>The image's assembly, recompiled once per test run (for launcher runs: --assembly PATH).</summary>
    public static string AssemblyPathFor(string image) => RecompileOnce(image).Path;

    /// <summary>One recompilation per image and test run, shared by every test that needs the image's assembly.</summary>
    private static (string Path, ImageRecompiler.Result Result) RecompileOnce(string image)
    {
        lock (Recompiled)
        {
            if (!Recompiled.TryGetValue(image, out var r))
            {
                var dir = Directory.CreateTempSubdirectory("imageaot-recompiled").FullName;
                var path = Path.Combine(dir, Path.GetFileNameWithoutExtension(image) + ".dll");
                Recompiled[image] = r = (path, ImageRecompiler.Recompile(TestImages.Shared(image), path));
            }
            return r;
        }
    }

    public static string PrintCompiled(string image, string expr)
    {
        var s = new SmalltalkSession(image, compiled: BodiesFor(image));
        return s.Print(expr);
    }

    /// <summary>Asserts that both tiers answer the same, an answer containing <paramref name="expectedPart"/> (the failure a case provokes, say).</summary>
    public static void AssertTiersAgree(string image, string expr, string expectedPart)
    {
        var interpreted = SmalltalkSession.Print(image, expr);
        Assert.Contains(expectedPart, interpreted);
        Assert.Equal(interpreted, PrintCompiled(image, expr));
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
            var r = RecompileOnce(name).Result;
            Assert.True(r.NotCompiled.Count == 0, $"{name}: " + string.Join("; ", r.NotCompiled.Select(kv => $"{kv.Value} {kv.Key}")));
            Assert.Equal(r.Methods, r.Compiled);
            Assert.True(r.DistinctBodies < r.Methods);
        }
    }

    public static IEnumerable<object[]> ControlCases()
    {
        (string Expr, string Expected)[] cases =
        [
            ("#(1 2 3) do: [:e | e = 2 ifTrue: [^e]]. 0", "2"),
            ("[1/0] on: ZeroDivide do: [:e | e return: 5]", "5"),
            ("[(Warning signal: 'w') + 1] on: Warning do: [:e | e resume: 41]", "42"),
            ("| log | log := OrderedCollection new. [[[1/0] ensure: [log add: 1]] ensure: [log add: 2]] on: ZeroDivide do: [:e | log add: 3]. log asArray = #(3 1 2)", "true"),
            ("| a b log done | log := OrderedCollection new. a := Semaphore new. b := Semaphore new. done := Semaphore new. [1 to: 3 do: [:i | a wait. log add: i. b signal]. done signal] fork. [1 to: 3 do: [:i | a signal. b wait. log add: i * 10]. done signal] fork. done wait. done wait. log asArray = #(1 10 2 20 3 30)", "true"),
            ("| t | t := Time millisecondClockValue. (Delay forMilliseconds: 50) wait. (Time millisecondClockValue - t) >= 50", "true"),
            ("| s | s := 0. 1 to: 100000 do: [:i | s := s + (i \\\\ 7)]. s", "300000"),
            // A byte out of range and an index out of bounds are sends (errors), not stores.
            ("| b | b := ByteArray new: 2. [b at: 1 put: 256] on: Error do: [:e | 0]. [b at: 3 put: 1] on: Error do: [:e | 0]. (b at: 1) + ([b at: 3] on: Error do: [:e | 7])", "7"),
        ];
        foreach (var image in SmalltalkSession.WithExceptions)
            foreach (var c in cases)
                yield return [image, c.Expr, c.Expected];
    }

    [Theory]
    [MemberData(nameof(ControlCases))]
    public void Non_local_return_exceptions_and_processes_agree_with_the_interpreter(string image, string expr, string expected)
    {
        Assert.Equal(expected, SmalltalkSession.Print(image, expr));
        Assert.Equal(expected, PrintCompiled(image, expr));
    }

    [Fact]
    public void Recompile_command_reports_what_it_compiled_and_the_launcher_uses_the_assembly()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-recompile").FullName;
        var dll = Path.Combine(dir, "mini.dll");
        var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "recompile.dll"), TestImages.PathOf("squeak2-mini.image"), "-o", dll], TimeSpan.FromMinutes(2));
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^compiled (\d+)/\1 methods \(\d+ distinct bodies\)$", r.Stdout.Trim().Split('\n')[^1]);
        var compiled = LauncherCli.Run("eval", TestImages.PathOf("squeak2-mini.image"), "(1 to: 10) inject: 0 into: [:a :b | a + b]", "--assembly", dll);
        Assert.Equal("55", compiled.Stdout.Trim());
        var interpreted = LauncherCli.Run("eval", TestImages.PathOf("squeak2-mini.image"), "(1 to: 10) inject: 0 into: [:a :b | a + b]", "--interpret-only");
        Assert.Equal("55", interpreted.Stdout.Trim());
    }

    [Fact]
    public void Recompile_r2r_precompiles_what_start_up_runs_and_leaves_the_rest_to_the_jit()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-recompile-r2r").FullName;
        var dll = Path.Combine(dir, "mini.dll");
        var cold = Path.Combine(dir, "mini.cold.dll");
        string[] Recompile(params string[] extra)
        {
            var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "recompile.dll"), TestImages.PathOf("squeak2-mini.image"), "-o", dll, .. extra], TimeSpan.FromMinutes(3));
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            return r.Stdout.Trim().Split('\n');
        }

        var lines = Recompile("--r2r");
        var wrote = Assert.Single(lines, l => l.StartsWith("wrote "));
        var precompiled = int.Parse(System.Text.RegularExpressions.Regex.Match(wrote, @"ReadyToRun: the (\d+) bodies start-up runs").Groups[1].Value);
        var all = int.Parse(System.Text.RegularExpressions.Regex.Match(lines[^1], @"\((\d+) distinct bodies\)").Groups[1].Value);
        Assert.InRange(precompiled, 50, all / 2);   // start-up runs a few hundred of squeak2-mini's 3,000-odd bodies
        Assert.True(File.Exists(cold));
        // The image runs with both: what start-up ran precompiled, the rest (this expression's methods among them) from the cold assembly.
        Assert.Equal("55", LauncherCli.Run("eval", TestImages.PathOf("squeak2-mini.image"), "(1 to: 10) inject: 0 into: [:a :b | a + b]", "--assembly", dll).Stdout.Trim());
        const string expr = "((1 to: 12) collect: [:i | (i raisedTo: 3) printString size + (i \\\\ 5)]) printString";
        var interpreted = LauncherCli.Run("eval", TestImages.PathOf("squeak2-mini.image"), expr, "--interpret-only").Stdout.Trim();
        Assert.Contains("(", interpreted);
        Assert.Equal(interpreted, LauncherCli.Run("eval", TestImages.PathOf("squeak2-mini.image"), expr, "--assembly", dll).Stdout.Trim());

        // Recompiling without --r2r leaves no earlier split's cold bodies beside the new assembly.
        Recompile();
        Assert.False(File.Exists(cold));
        Directory.Delete(dir, true);
    }
}

public class LauncherBenchTests
{
    [Fact]
    public void The_benchmark_images_suite_entries_run_in_both_tiers()
    {
        var path = TestImages.PathOf("squeakjs-benchmark.image");
        foreach (var code in new[] { null, RecompiledTierTests.BodiesFor("squeakjs-benchmark.image") })
        {
            var r = ImageAot.Runtime.Hosting.BenchmarkSuite.Run(
                () => new Interpreter(ImageAot.Runtime.Image.ImageReader.Load(path)) { ImagePath = path, Timeout = TimeSpan.FromMinutes(2), Compiled = code },
                rounds: 1, only: ["draw", "fib", "blt", "prims", "richards"]);
            Assert.Equal(5, r.Count);
            foreach (var (name, outcome) in r) Assert.True(outcome.MedianMs >= 0, $"{name}: {outcome.Error}");
        }
    }

    [Fact]
    public void Bench_reports_both_tiers_as_json()
    {
        var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "launcher.dll"), "bench", TestImages.PathOf("squeak2-mini.image"), "--json",
            "--assembly", RecompiledTierTests.AssemblyPathFor("squeak2-mini.image")], TimeSpan.FromMinutes(5));
        Assert.Equal(0, r.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        foreach (var tier in new[] { "interpreter", "recompiled" })
        {
            var t = doc.RootElement.GetProperty(tier);
            Assert.True(t.GetProperty("bytecodesPerSec").GetDouble() > 1e6);
            Assert.True(t.GetProperty("sendsPerSec").GetDouble() > 1e5);
        }
    }
}
