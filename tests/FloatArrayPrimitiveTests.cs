using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>FloatArray at: and at:put: as primitives: single-precision words, Floats out, and the same answers as the image's fallback code.</summary>
public class FloatArrayPrimitiveTests
{
    [Theory]
    [InlineData("cuis5.0-spur32.image", "#(0.1000000014901161 1.5 2.0 -3.0)")]
    public void Floats_are_stored_in_single_precision_and_read_back(string image, string expected)
    {
        const string expr = "| f | f := FloatArray new: 4. f at: 2 put: 1.5; at: 3 put: 2; at: 1 put: 0.1; at: 4 put: -3. {f at: 1. f at: 2. f at: 3. f at: 4}";
        var calls = 0;
        var t = PrimitiveTable.CreateStandard();
        foreach (var (module, name) in new[] { ("FloatArrayPlugin", "primitiveAt"), ("FloatArrayPlugin", "primitiveAtPut") })
        {
            var p = t.Named(module, name)!;
            t.AddNamed(module, name, (vm, n) => { var ok = p(vm, n); if (ok) calls++; return ok; });
        }
        Assert.Equal(expected, BitBltTests.PrintWith(t, image, expr));
        var fallback = PrimitiveTable.CreateStandard();
        fallback.AddNamed("FloatArrayPlugin", "primitiveAt", (_, _) => false);
        fallback.AddNamed("FloatArrayPlugin", "primitiveAtPut", (_, _) => false);
        Assert.Equal(expected, BitBltTests.PrintWith(fallback, image, expr));
        Assert.Equal(8, calls);
    }

    [Fact]
    public void An_index_out_of_range_fails_into_the_images_error()
    {
        var r = SmalltalkSession.Print("cuis5.0-spur32.image", "[(FloatArray new: 2) at: 3] on: Error do: [:e | #failed]");
        Assert.Equal("#failed", r);
    }
}
