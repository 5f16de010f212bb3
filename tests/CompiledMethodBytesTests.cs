using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// A CompiledMethod's bytes as the C VM indexes them: byte 1 is the header's low byte, the
/// literal words follow, then the bytecodes; stores go only into the bytecodes and trailer.
/// Sets and Dictionaries of methods hash through these bytes.
/// </summary>
public class CompiledMethodBytesTests
{
    public static IEnumerable<object[]> Cases()
    {
        string[] both = ["cuis4.1-reduced.image", "cuis5.0-spur32.image"];
        (string[] Images, string Expr, string Expected)[] cases =
        [
            (both, "| m | m := Object compiledMethodAt: #yourself. (m at: 1) = (((m objectAt: 1) bitShift: 1) + 1 bitAnd: 255)", "true"),
            (both, "| m | m := Object compiledMethodAt: #printString. (m basicAt: 2) = (((m objectAt: 1) bitShift: -7) bitAnd: 255)", "true"),
            (both, "| m | m := Object compiledMethodAt: #printString. m size = (m initialPC - 1 + (m endPC - m initialPC + 1) + m trailer size)", "true"),
            (both, "| m | m := Object compiledMethodAt: #printString. ((m initialPC to: m endPC) collect: [:i | m at: i]) asArray = ((m initialPC to: m endPC) collect: [:i | m byteAt: i]) asArray", "true"),
            (both, "| m | m := Object compiledMethodAt: #yourself. [m at: m size + 1] on: Error do: [:e | #outOfBounds]", "#outOfBounds"),
            (both, "| m | m := Object compiledMethodAt: #yourself. m hash = m hash", "true"),
            (both, "(Set new add: (Object compiledMethodAt: #yourself); add: (Object compiledMethodAt: #printString); add: (Object compiledMethodAt: #yourself); yourself) size", "2"),
            (both, "| d | d := Dictionary new. d at: (Object compiledMethodAt: #yourself) put: 1. d at: (Object compiledMethodAt: #yourself)", "1"),
            (both, "((Object compiledMethodAt: #printString) decompile printString includesSubString: 'printString')", "true"),
            (["cuis4.1-reduced.image"], "| m | m := (Object compiledMethodAt: #printString) clone. [m at: 1 put: 0. #stored] on: Error do: [:e | #refused]", "#refused"),
            (["cuis4.1-reduced.image"], "| m | m := (Object compiledMethodAt: #printString) clone. m at: m initialPC put: 7. m at: m initialPC", "7"),
        ];
        foreach (var c in cases)
            foreach (var image in c.Images)
                yield return [image, c.Expr, c.Expected];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Methods_are_indexed_as_bytes_from_their_header(string image, string expr, string expected) =>
        Assert.Equal(expected, SmalltalkSession.Print(image, expr));
}
