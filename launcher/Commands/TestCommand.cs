using System.CommandLine;
using System.Text.Json;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Hosting;

namespace ImageAot.Launcher.Commands;

/// <summary>
/// `launcher test IMAGE [--load F.pck.st ...] [--class NAME ...]`: runs the image's own SUnit
/// tests, one line per test and a summary; exit 0 only when every test passed. The image runs
/// from a scratch copy, so neither it nor its .changes file is ever written.
/// </summary>
public static class TestCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "the image file" };
        var load = new Option<string[]>("--load") { Description = "load this package file first (Cuis: with its requirements from the same folder); repeatable", AllowMultipleArgumentsPerToken = false };
        var classes = new Option<string[]>("--class") { Description = "run only this TestCase class; repeatable" };
        var perTest = new Option<double>("--timeout-per-test") { Description = "seconds one test may take", DefaultValueFactory = _ => 30 };
        var loadTimeout = new Option<double>("--load-timeout") { Description = "seconds loading the packages may take", DefaultValueFactory = _ => 900 };
        var shard = new Option<string?>("--shard") { Description = "K/N: run only the classes whose place in name order is K modulo N (a rotating part of a long suite)" };
        var json = new Option<bool>("--json") { Description = "print the outcomes as one JSON document instead of lines" };
        var saveLoaded = new Option<string?>("--save-loaded") { Description = "after loading the packages, save the image (as the image saves itself) to this path, with its .changes and the .sources beside it, then run the tests" };
        var vmOptions = new VmOptions();
        var command = new Command("test", "run the image's own SUnit tests, one line per test: PASS|FAIL|ERROR|TIMEOUT Class>>selector")
            { image, load, classes, perTest, loadTimeout, shard, json, saveLoaded };
        vmOptions.AddTo(command, timeoutOption: false);
        command.SetAction(result => CommandErrors.Guard(() =>
        {
            var imagePath = result.GetValue(image)!;
            var packages = result.GetValue(load) ?? [];
            foreach (var p in packages)
                if (!File.Exists(p)) throw new UsageException($"no such package file: {p}");
            var limit = result.GetValue(perTest);
            if (!(limit > 0)) throw new UsageException("--timeout-per-test must be positive");
            var loadLimit = result.GetValue(loadTimeout);
            if (!(loadLimit > 0)) throw new UsageException("--load-timeout must be positive");
            if (!File.Exists(imagePath)) throw new UsageException($"no such image: {imagePath}");
            var part = ParseShard(result.GetValue(shard));
            var savePath = result.GetValue(saveLoaded);
            if (savePath is not null && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(savePath))))
                throw new UsageException($"no folder for the saved image: {savePath}");
            using var copy = new ScratchImageCopy(imagePath);
            var vm = vmOptions.CreateInterpreter(result, copy.ImagePath, compiledFor: imagePath);
            vm.SnapshotsAllowed = false;
            vm.Timeout = TimeSpan.FromSeconds(loadLimit);
            var report = new TestReport(result.GetValue(json));
            var runner = new SUnitRunner(new Evaluator(vm, startUp: true));
            foreach (var p in packages)
                if (runner.Load(p, TimeSpan.FromSeconds(loadLimit)) is { } why)
                    report.Add(new TestOutcome(Path.GetFileName(p), "(loading)", TestVerdict.Error, why));
            if (savePath is not null)
            {
                vm.SnapshotsAllowed = true;
                var before = File.GetLastWriteTimeUtc(copy.ImagePath);
                if (runner.SaveImage(TimeSpan.FromSeconds(loadLimit)) is { } why) throw new VmError($"saving the loaded image failed: {why}");
                vm.SnapshotsAllowed = false;
                if (File.GetLastWriteTimeUtc(copy.ImagePath) == before) throw new VmError("the image did not save itself (its snapshot primitive was not reached)");
                copy.SaveTo(savePath);
            }
            var tests = runner.ListTests();
            var wanted = result.GetValue(classes) ?? [];
            foreach (var name in wanted)
                if (!tests.Any(t => t.ClassName == name)) throw new UsageException($"no TestCase class named {name} (with tests) in the image");
            var classOrder = tests.Select(t => t.ClassName).Distinct().ToList();
            foreach (var (cls, sel) in tests)
                if ((wanted.Length == 0 || wanted.Contains(cls)) && (part is null || classOrder.IndexOf(cls) % part.Value.N == part.Value.K))
                    report.Add(runner.Run(cls, sel, TimeSpan.FromSeconds(limit)));
            return report.Finish();
        }));
        return command;
    }

    private static (int K, int N)? ParseShard(string? text)
    {
        if (text is null) return null;
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var k) && int.TryParse(parts[1], out var n) && n > 0 && k >= 0 && k < n) return (k, n);
        throw new UsageException($"--shard wants K/N with 0 <= K < N, not {text}");
    }
}

/// <summary>Prints outcomes as they come (or all at the end as JSON) and answers the exit code.</summary>
internal sealed class TestReport(bool json)
{
    private readonly List<TestOutcome> outcomes = new();

    public void Add(TestOutcome o)
    {
        outcomes.Add(o);
        if (json) return;
        var word = o.Verdict.ToString().ToUpperInvariant();
        Console.WriteLine(o.Description is null ? $"{word} {o.Name}" : $"{word} {o.Name}: {o.Description.ReplaceLineEndings(" ")}");
        Console.Out.Flush();
    }

    public int Finish()
    {
        int Count(TestVerdict v) => outcomes.Count(o => o.Verdict == v);
        var (pass, fail, error, timeout) = (Count(TestVerdict.Pass), Count(TestVerdict.Fail), Count(TestVerdict.Error), Count(TestVerdict.Timeout));
        if (json)
        {
            var doc = new
            {
                tests = outcomes.Select(o => new { @class = o.ClassName, selector = o.Selector, outcome = o.Verdict.ToString().ToUpperInvariant(), description = o.Description }),
                summary = new { pass, fail, error, timeout },
            };
            Console.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
        }
        else Console.WriteLine($"tests: {pass} pass, {fail} fail, {error} error, {timeout} timeout");
        return fail + error + timeout == 0 ? 0 : 1;
    }
}
