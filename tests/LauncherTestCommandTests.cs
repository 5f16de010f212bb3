using System.Security.Cryptography;
using System.Text.Json;
using Xunit;

namespace ImageAot.Tests;

/// <summary>`launcher test`: an image's own SUnit tests, run from the command line with a package of our own making.</summary>
public class LauncherTestCommandTests
{
    private const string Fixture = """
        'From Cuis 5.0 of 7 November 2016 [latest update: #3121] on 30 November 2026'!
        'Description Test cases with every outcome, for ImageAot''s launcher test'!
        !provides: 'ImageAotFixture' 1 0!
        !classDefinition: #ImageAotFixtureTest category: #'ImageAotFixture'!
        TestCase subclass: #ImageAotFixtureTest
        	instanceVariableNames: ''
        	classVariableNames: ''
        	poolDictionaries: ''
        	category: 'ImageAotFixture'!

        !ImageAotFixtureTest methodsFor: 'tests' stamp: 'ia 11/30/2026 00:00'!
        testAddsAMethod
        	self class compile: 'answerSeven ^ 7' classified: 'generated'.
        	self assert: self answerSeven = 7! !

        !ImageAotFixtureTest methodsFor: 'tests' stamp: 'ia 11/30/2026 00:00'!
        testAllocatesWithoutEnd
        	| all |
        	all := OrderedCollection new.
        	[all add: (Array new: 4000)] repeat! !

        !ImageAotFixtureTest methodsFor: 'tests' stamp: 'ia 11/30/2026 00:00'!
        testDividesByZero
        	^ 1 / 0! !

        !ImageAotFixtureTest methodsFor: 'tests' stamp: 'ia 11/30/2026 00:00'!
        testFails
        	self assert: 3 + 4 = 8 description: 'arithmetic is off'! !

        !ImageAotFixtureTest methodsFor: 'tests' stamp: 'ia 11/30/2026 00:00'!
        testLoopsForever
        	[true] whileTrue! !

        !ImageAotFixtureTest methodsFor: 'tests' stamp: 'ia 11/30/2026 00:00'!
        testPasses
        	self assert: 3 + 4 = 7! !

        !ImageAotFixtureTest methodsFor: 'tests' stamp: 'ia 11/30/2026 00:00'!
        testTerminatesItsProcess
        	Processor activeProcess terminate! !

        !ImageAotFixtureTest methodsFor: 'tests' stamp: 'ia 11/30/2026 00:00'!
        testUsesTheWorld
        	self assert: self runningWorld notNil.
        	self assert: Display extent x > 0! !
        """;

    private static string WritePackage(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\r"));
        return path;
    }

    private static string Digest(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_outcome_is_reported_and_the_run_goes_on_past_loops_and_killed_processes(bool interpretOnly)
    {
        var folder = Directory.CreateTempSubdirectory("imageaot-sunit-").FullName;
        var package = WritePackage(folder, "ImageAotFixture.pck.st", Fixture);
        var image = TestImages.PathOf("cuis5.0-spur32.image");
        var before = Digest(image) + Digest(Path.ChangeExtension(image, ".changes"));
        string[] args = ["test", image, "--load", package, "--class", "ImageAotFixtureTest", "--timeout-per-test", "15", "--max-heap", "400"];   // the heap limit must come before the time limit, even on a loaded machine (a 700 MB limit took 15 s on a loaded CI machine)
        var r = LauncherCli.Run(interpretOnly ? [.. args, "--interpret-only"] : [.. args, "--assembly", RecompiledTierTests.AssemblyPathFor("cuis5.0-spur32.image")]);

        var lines = r.Stdout.Trim().Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("PASS ImageAotFixtureTest>>testPasses", lines);
        Assert.Contains("PASS ImageAotFixtureTest>>testAddsAMethod", lines);
        Assert.Contains("PASS ImageAotFixtureTest>>testUsesTheWorld", lines);
        Assert.Contains(lines, l => l.StartsWith("FAIL ImageAotFixtureTest>>testFails: ") && l.Contains("arithmetic is off"));
        Assert.Contains(lines, l => l.StartsWith("ERROR ImageAotFixtureTest>>testDividesByZero: ZeroDivide"));
        Assert.True(lines.Any(l => l.StartsWith("TIMEOUT ImageAotFixtureTest>>testLoopsForever")), string.Join("\n", lines));
        Assert.Contains(lines, l => l.StartsWith("ERROR ImageAotFixtureTest>>testTerminatesItsProcess: ") && l.Contains("terminated"));
        // The VM's heap limit stops the runaway, or, when a heap check lands just inside the image's
        // low-space threshold first, the image's own watcher does.
        Assert.Contains(lines, l => l.StartsWith("ERROR ImageAotFixtureTest>>testAllocatesWithoutEnd: ") && (l.Contains("heap limit") || l.Contains("Space is low")));
        Assert.Equal("tests: 3 pass, 1 fail, 3 error, 1 timeout", lines[^1]);
        Assert.Equal(before, Digest(image) + Digest(Path.ChangeExtension(image, ".changes")));
    }

    [Fact]
    public void Json_output_lists_each_test_and_the_summary()
    {
        var folder = Directory.CreateTempSubdirectory("imageaot-sunit-").FullName;
        var package = WritePackage(folder, "ImageAotFixture.pck.st", Fixture);
        var r = LauncherCli.Run("test", TestImages.PathOf("cuis5.0-spur32.image"), "--load", package, "--class", "ImageAotFixtureTest",
            "--timeout-per-test", "15", "--max-heap", "400", "--json");   // as above: the heap limit must come before the time limit on a loaded machine
        using var doc = JsonDocument.Parse(r.Stdout);
        var tests = doc.RootElement.GetProperty("tests").EnumerateArray().ToArray();
        Assert.Equal(8, tests.Length);
        var passes = tests.Single(t => t.GetProperty("selector").GetString() == "testPasses");
        Assert.Equal("PASS", passes.GetProperty("outcome").GetString());
        Assert.Equal("ImageAotFixtureTest", passes.GetProperty("class").GetString());
        // Every outcome in the message: the endless loop was once not reported as a timeout under load.
        var outcomes = string.Join("\n", tests.Select(t => $"{t.GetProperty("outcome").GetString()} {t.GetProperty("selector").GetString()}"));
        Assert.True(3 == doc.RootElement.GetProperty("summary").GetProperty("pass").GetInt32(), outcomes);
        Assert.True(1 == doc.RootElement.GetProperty("summary").GetProperty("timeout").GetInt32(), outcomes);
    }

    [Fact]
    public void A_package_that_does_not_parse_is_an_error_outcome_and_the_other_packages_still_run()
    {
        var folder = Directory.CreateTempSubdirectory("imageaot-sunit-").FullName;
        var broken = WritePackage(folder, "Broken.pck.st", "'From Cuis 5.0'!\n!provides: 'Broken' 1 0!\n!Object methodsFor: 'x'!\nbroken ^ ( 3 + ! !\n");
        var good = WritePackage(folder, "ImageAotFixture.pck.st", Fixture);
        var r = LauncherCli.Run("test", TestImages.PathOf("cuis5.0-spur32.image"), "--load", broken, "--load", good,
            "--class", "ImageAotFixtureTest", "--timeout-per-test", "8", "--max-heap", "400", "--load-timeout", "30");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("ERROR Broken.pck.st>>(loading)", r.Stdout);
        Assert.Contains("PASS ImageAotFixtureTest>>testPasses", r.Stdout);
    }

    [Theory]
    [InlineData("--class", "NoSuchTest")]
    [InlineData("--load", "/nonexistent/x.pck.st")]
    [InlineData("--timeout-per-test", "0")]
    public void A_wrong_argument_is_one_line_and_exit_1(string option, string value)
    {
        var r = LauncherCli.Run("test", TestImages.PathOf("cuis5.0-spur32.image"), option, value);
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.StartsWith("error:", r.Stderr.Trim());
    }
}
