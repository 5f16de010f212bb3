using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Hosting;

/// <summary>What one test came to.</summary>
public enum TestVerdict { Pass, Fail, Error, Timeout }

public sealed record TestOutcome(string ClassName, string Selector, TestVerdict Verdict, string? Description)
{
    public string Name => $"{ClassName}>>{Selector}";
}

/// <summary>
/// Runs an image's own SUnit tests from the host, one host call per test, each with its own
/// time limit: a test that loops, recurses without end or kills its own process costs only its
/// own outcome, and the next test starts in a fresh process.
/// </summary>
public sealed class SUnitRunner
{
    private readonly Evaluator evaluator;
    private Value runOne;

    /// <param name="evaluator">An evaluator made with the image's start-up (loading shows progress on the Display).</param>
    public SUnitRunner(Evaluator evaluator) => this.evaluator = evaluator;

    private Interpreter Vm => evaluator.Vm;

    /// <summary>Loads a package file (Cuis: with its requirements from the same folder); answers null or why it failed.</summary>
    public string? Load(string path, TimeSpan timeout)
    {
        var r = evaluator.EvaluateToValue(SUnitDriver.Load(Path.GetFullPath(path)), out _, timeout);
        return r.Ok ? null : r.Text;
    }

    /// <summary>Saves the image as it saves itself (its shutdown and start-up lists run); answers null or why it failed.</summary>
    public string? SaveImage(TimeSpan timeout)
    {
        var r = evaluator.EvaluateToValue(SUnitDriver.SaveImage, out _, timeout);
        return r.Ok ? null : r.Text;
    }

    /// <summary>Every test of every concrete TestCase class, as (class, selector), in name order.</summary>
    public List<(string ClassName, string Selector)> ListTests()
    {
        if (evaluator.Vm.Mem.Global("TestCase") is null) throw new VmError("this image has no SUnit (no global named TestCase)");
        var r = evaluator.EvaluateToValue(SUnitDriver.ListTests, out var listing);
        if (!r.Ok) throw new VmError($"listing the tests failed: {r.Text}");
        var text = ObjectMemory.StringOf(listing) ?? throw new VmError("listing the tests did not answer a string");
        var tests = new List<(string, string)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ');
            if (space > 0) tests.Add((line[..space], line[(space + 1)..]));
        }
        return tests;
    }

    public TestOutcome Run(string className, string selector, TimeSpan timeout)
    {
        if (runOne.Ref is null || ReferenceEquals(runOne.Ref, Vm.Mem.Nil))
        {
            var prepared = evaluator.EvaluateToValue(SUnitDriver.Prepare, out _);
            if (!prepared.Ok) throw new VmError($"preparing the image for tests failed: {prepared.Text}");
            var compiled = evaluator.EvaluateToValue(SUnitDriver.RunOne, out runOne);
            if (!compiled.Ok) throw new VmError($"the test driver did not compile: {compiled.Text}");
        }
        var r = evaluator.Send(runOne, "value:value:", [Vm.Mem.NewString(className), Vm.Mem.NewString(selector)], timeout, out var answer);
        if (!r.Ok)
        {
            if (r.Text == Evaluator.TimedOut) return new(className, selector, TestVerdict.Timeout, $"no answer after {timeout.TotalSeconds:0.#} s");
            if (r.Text == Evaluator.ProcessEnded) return new(className, selector, TestVerdict.Error, "the test terminated its own process");
            return new(className, selector, TestVerdict.Error, r.Text);
        }
        var text = ObjectMemory.StringOf(answer) ?? "ERROR the test driver answered no string";
        var space = text.IndexOf(' ');
        var head = space < 0 ? text : text[..space];
        var detail = space < 0 ? null : text[(space + 1)..];
        return head switch
        {
            "PASS" => new(className, selector, TestVerdict.Pass, null),
            "FAIL" => new(className, selector, TestVerdict.Fail, detail),
            _ => new(className, selector, TestVerdict.Error, detail),
        };
    }
}
