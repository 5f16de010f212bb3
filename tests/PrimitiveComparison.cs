using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Evaluates an expression three ways: with some primitives (counting their successes), with
/// them failing as on a VM without them (the image's fallback code runs), and in the
/// recompiled tier. All three answers must agree.
/// </summary>
public static class PrimitiveComparison
{
    /// <summary>The standard table with each listed primitive wrapped to count its successes.</summary>
    public static PrimitiveTable Counting(IEnumerable<int> indices, Dictionary<int, int> successes)
    {
        var t = PrimitiveTable.CreateStandard();
        foreach (var index in indices)
        {
            var real = t.Numbered(index)!;
            successes[index] = 0;
            t.Add(index, (vm, n) =>
            {
                var ok = real(vm, n);
                if (ok) successes[index]++;
                return ok;
            });
        }
        return t;
    }

    /// <summary>The standard table with the listed primitives failing.</summary>
    public static PrimitiveTable Failing(IEnumerable<int> indices)
    {
        var t = PrimitiveTable.CreateStandard();
        foreach (var index in indices) t.Add(index, (_, _) => false);
        return t;
    }

    /// <summary>The printString every way, and how often each primitive succeeded in the interpreter.</summary>
    public static (string Result, Dictionary<int, int> Successes) Everywhere(string image, int[] indices, string expr)
    {
        var successes = new Dictionary<int, int>();
        var with = new SmalltalkSession(image, primitives: Counting(indices, successes)).Print(expr);
        var counted = new Dictionary<int, int>(successes);
        var without = new SmalltalkSession(image, primitives: Failing(indices)).Print(expr);
        Assert.Equal(without, with);
        var compiled = new SmalltalkSession(image, primitives: Counting(indices, successes), compiled: RecompiledTierTests.BodiesFor(image));
        Assert.Equal(with, compiled.Print(expr));
        return (with, counted);
    }
}
