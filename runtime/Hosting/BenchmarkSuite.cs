using ImageAot.Runtime.Execution;

namespace ImageAot.Runtime.Hosting;

/// <summary>
/// The benchmark image's own suite (squeakjs-benchmark.image: the Integer>>benchmark… methods its
/// Benchmarking class>>startUp runs), entry by entry, so that figures line up with the peer VMs'
/// runs of the same image. Each entry runs several rounds in one fresh interpreter; the median
/// round counts, as in ../shared/peers.
/// </summary>
public static class BenchmarkSuite
{
    public sealed record Entry(string Name, string Expression);

    /// <summary>The suite's entries with the arguments its startUp uses.</summary>
    public static readonly Entry[] Entries =
    [
        new("draw", "16 benchmarkMandala: false"),
        new("fib", "26 benchmarkFib: false"),
        new("fill", "16 benchmarkFill: false"),
        new("blt", "1024 benchmarkExampleOne: false"),
        new("richards", "2 benchmarkRichards: false"),
        new("prims", "8 benchmarkIntegerBenchmark: false"),
    ];

    /// <summary>
    /// The same entries with the sizes ../shared/peers/make-scaled-bench.py patches into the image's
    /// startUp (2.5x-68x the work), so that an entry takes long enough to time with a 1 ms clock.
    /// </summary>
    public static readonly Entry[] ScaledEntries =
    [
        new("draw", "128 benchmarkMandala: false"),
        new("fib", "31 benchmarkFib: false"),
        new("fill", "128 benchmarkFill: false"),
        new("blt", "8192 benchmarkExampleOne: false"),
        new("richards", "5 benchmarkRichards: false"),
        new("prims", "128 benchmarkIntegerBenchmark: false"),
    ];

    /// <summary>Median and best milliseconds of an entry's rounds, or why it could not run.</summary>
    public sealed record Outcome(double? MedianMs, double? BestMs, string? Error);

    public static bool IsPresent(Interpreter vm) => vm.Mem.Global("Benchmarking") is not null;

    public static Dictionary<string, Outcome> Run(Func<Interpreter> newVm, int rounds = 5, IReadOnlyCollection<string>? only = null, IReadOnlyList<Entry>? entries = null)
    {
        var results = new Dictionary<string, Outcome>();
        foreach (var e in entries ?? Entries)
        {
            if (only is not null && !only.Contains(e.Name)) continue;
            var answer = new Evaluator(newVm()).Evaluate(RoundsExpression(e, rounds));
            var times = answer.Ok ? ParseIntegers(answer.Text) : null;
            if (times is null || times.Count != rounds) { results[e.Name] = new Outcome(null, null, answer.Text); continue; }
            times.Sort();
            results[e.Name] = new Outcome(times[rounds / 2], times[0], null);
        }
        return results;
    }

    /// <summary>
    /// The expression that runs an entry <paramref name="rounds"/> times in one VM: each benchmark…
    /// method answers #(time &lt;ms&gt; …), so the rounds' times come back as one Array.
    /// </summary>
    public static string RoundsExpression(Entry e, int rounds) => $"(1 to: {rounds}) collect: [:i | ({e.Expression}) at: 2]";

    /// <summary>The numbers in an Array's printString (`(127 88 )`, `#(1 2)`), or null when it is not one.</summary>
    public static List<double>? ParseIntegers(string printString)
    {
        var inner = printString.Trim().TrimStart('#').Trim('(', ')', ' ');
        var values = new List<double>();
        foreach (var token in inner.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(token, out var v)) return null;
            values.Add(v);
        }
        return values;
    }
}
