using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>Stream next (65), nextPut: (66) and atEnd (67): the same answers as the streams' own Smalltalk, with the primitives doing the work.</summary>
public class StreamPrimitiveTests
{
    private static (string Result, int Calls) Run(string image, string expr)
    {
        var calls = 0;
        var t = PrimitiveTable.CreateStandard();
        foreach (var index in new[] { 65, 66, 67 })
        {
            var p = t.Numbered(index)!;
            t.Add(index, (vm, n) =>
            {
                var ok = p(vm, n);
                if (ok) calls++;
                return ok;
            });
        }
        return (BitBltTests.PrintWith(t, image, expr), calls);
    }

    [Theory]
    [InlineData("squeak2.2-bigendian.image")]
    [InlineData("squeak2-mini.image")]
    public void Streams_over_arrays_and_strings_read_write_and_stop_at_their_ends(string image)
    {
        var (result, calls) = Run(image,
            "| r w s | r := ReadStream on: #(1 2 3). w := WriteStream on: (String new: 2). w nextPut: $a; nextPut: $b; nextPut: $c. "
            + "s := ReadStream on: 'hi'. {r next. r next. r next. r next. r atEnd. w contents. s next. s atEnd. s next. s atEnd}");
        Assert.Equal("(1 2 3 nil true 'abc' $h false $i true )", result);
        Assert.True(calls >= 10, $"the primitives succeeded {calls} times");
    }

    [Fact]
    public void A_stream_over_another_collection_runs_its_own_code()
    {
        // An OrderedCollection is neither an Array nor a String: the primitive fails and Smalltalk answers.
        var (result, _) = Run("squeak2.2-bigendian.image", "| r | r := ReadStream on: (OrderedCollection with: 5 with: 6). {r next. r next. r next}");
        Assert.Equal("(5 6 nil )", result);
    }
}
