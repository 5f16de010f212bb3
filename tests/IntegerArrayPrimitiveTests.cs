using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>IntegerArray at: (165) and at:put: (166): signed 32-bit words, with the primitives doing the work.</summary>
public class IntegerArrayPrimitiveTests
{
    [Fact]
    public void Signed_words_are_read_and_written_through_the_primitives()
    {
        var calls = 0;
        var t = PrimitiveTable.CreateStandard();
        foreach (var index in new[] { 165, 166 })
        {
            var p = t.Numbered(index)!;
            t.Add(index, (vm, n) =>
            {
                var ok = p(vm, n);
                if (ok) calls++;
                return ok;
            });
        }
        var r = BitBltTests.PrintWith(t, "cuis5.0-spur32.image",
            "| a | a := IntegerArray new: 3. a at: 1 put: -5; at: 2 put: 16r7FFFFFFF; at: 3 put: -16r80000000. "
            + "{a at: 1. a at: 2. a at: 3. [a at: 4] on: Error do: [:e | #outOfBounds]}");
        Assert.Equal("#(-5 2147483647 -2147483648 #outOfBounds)", r);
        Assert.True(calls >= 6, $"the primitives succeeded {calls} times");
    }
}
