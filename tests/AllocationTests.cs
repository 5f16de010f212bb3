using Xunit;

namespace ImageAot.Tests;

/// <summary>SmallInteger arithmetic in the interpreter allocates nothing: a million iterations cost no more than ten.</summary>
public class AllocationTests
{
    [Theory]
    [InlineData("squeak2-mini.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void SmallInteger_loop_allocates_nothing_per_iteration(string image)
    {
        var s = new SmalltalkSession(image);
        long Measure(string count)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.NotEqual("", s.Print($"| s | s := 0. 1 to: {count} do: [:i | s := s + ((i \\\\ 7) * 3) - 1]. s"));
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Measure("10");   // warm up caches
        var small = Measure("0000010");
        var large = Measure("1000000");
        Assert.True(large - small < 64 * 1024, $"10 iterations allocated {small} bytes, 1,000,000 allocated {large}");
    }
}
