using System.Text.RegularExpressions;
using ImageAot.Runtime.Execution;

namespace ImageAot.Runtime.Hosting;

/// <summary>Runs `0 tinyBenchmarks` in an image and reads the two rates out of its answer.</summary>
public static partial class TinyBenchmarks
{
    public sealed record Rates(double BytecodesPerSec, double SendsPerSec);

    /// <summary>Best of <paramref name="rounds"/> runs, each in a fresh interpreter made by <paramref name="newVm"/>.</summary>
    public static Rates Run(Func<Interpreter> newVm, int rounds = 3)
    {
        double bytecodes = 0, sends = 0;
        for (var i = 0; i < rounds; i++)
        {
            var answer = new Evaluator(newVm()).Evaluate("0 tinyBenchmarks");
            if (!answer.Ok) throw new VmError($"tinyBenchmarks failed: {answer.Text}");
            var r = Parse(answer.Text) ?? throw new VmError($"tinyBenchmarks answered {answer.Text}");
            bytecodes = Math.Max(bytecodes, r.BytecodesPerSec);
            sends = Math.Max(sends, r.SendsPerSec);
        }
        return new Rates(bytecodes, sends);
    }

    public static Rates? Parse(string printString)
    {
        var m = Pattern().Match(printString.Replace(",", ""));
        return m.Success ? new Rates(double.Parse(m.Groups[1].Value), double.Parse(m.Groups[2].Value)) : null;
    }

    [GeneratedRegex(@"(\d+) bytecodes/sec; (\d+) sends/sec")]
    private static partial Regex Pattern();
}
