using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Float operands of the arithmetic special selectors are computed without a send (as the C
/// VM's bytecodes do), a SmallInteger with a Float argument answers from its primitive instead
/// of the image's coercion code, and the answers stay those of the image's own code.
/// </summary>
public class FloatArithmeticSpeedTests
{
    public static IEnumerable<object[]> Cases()
    {
        string[] images = ["squeak2-mini.image", "cuis4.1-reduced.image", "cuis5.0-spur32.image"];
        (string Expr, string Expected)[] cases =
        [
            ("3 * 1.5", "4.5"),
            ("1.5 * 3", "4.5"),
            ("3 + 0.25", "3.25"),
            ("3 - 0.25", "2.75"),
            ("3 / 2.0", "1.5"),
            ("3 < 3.5", "true"),
            ("3 > 3.5", "false"),
            ("3 <= 3.0", "true"),
            ("3 >= 3.5", "false"),
            ("3 = 3.0", "true"),
            ("3 ~= 3.0", "false"),
            ("2.5 < 3", "true"),
            ("(1073741823 * 2.0) > 2147483645", "true"),
            ("((2 raisedTo: 70) * 1.0) > (2 raisedTo: 69)", "true"),
            ("[3 / 0.0] on: ZeroDivide do: [:e | #zeroDivide]", "#zeroDivide"),
            ("[1.5 / 0.0] on: ZeroDivide do: [:e | #zeroDivide]", "#zeroDivide"),
            ("| x | x := 0.0. 1 to: 10 do: [:i | x := x + (i * 0.5)]. x", "27.5"),
        ];
        foreach (var image in images)
            foreach (var c in cases)
                if (image != "squeak2-mini.image" || !c.Expr.Contains("on: ZeroDivide"))
                    yield return [image, c.Expr, c.Expected];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mixed_and_float_arithmetic_answers_as_the_image_does(string image, string expr, string expected) =>
        Assert.Equal(expected, SmalltalkSession.Print(image, expr));

    /// <summary>Image methods full of Float arithmetic, so the recompiled bodies' Float path runs.</summary>
    [Theory]
    [InlineData("1.23 printString")]
    [InlineData("(1/3) asFloat printString")]
    [InlineData("'1.23' asNumber = 1.23")]
    [InlineData("(2.0 raisedTo: 10) printString")]
    [InlineData("(12.345 roundTo: 0.01) printString")]
    [InlineData("{3.7 floor. 2.5 rounded. -2.5 abs. 100 sqrt. 7 / 2.0. 1.0e100 printString}")]
    [InlineData("(1 to: 50) collect: [:i | (i * 1.1) printString]")]
    public void Float_methods_answer_alike_in_the_recompiled_tier(string expr) =>
        Assert.Equal(SmalltalkSession.Print("cuis5.0-spur32.image", expr), RecompiledTierTests.PrintCompiled("cuis5.0-spur32.image", expr));

    [Theory]
    [InlineData("cuis4.1-reduced.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void Float_arithmetic_in_a_loop_sends_nothing_per_operation(string image)
    {
        var session = new SmalltalkSession(image);
        session.Print("1 + 1");
        var before = session.Vm.SendCount;
        Assert.Equal("true", session.Print("| x | x := 0.0. 1 to: 10000 do: [:i | x := x + (i * 0.5) - (x / 3.0). x < 1.0e300 ifFalse: [x := 0.0]]. x > 0"));
        // Each iteration has five Float operations; sent, they were 50,000 sends (the loop's own bookkeeping sends about one per iteration).
        Assert.True(session.Vm.SendCount - before < 20000, $"{session.Vm.SendCount - before} sends");
    }

    [Fact]
    public void Float_printing_and_parsing_round_trip_as_on_squeakvm()
    {
        // Cuis 4.1 prints Floats with a shortest-but-approximate algorithm, so some do not read
        // back equal; Debian's squeakvm 4.10.2 lists exactly these.
        Assert.Equal("#(33 49 66 73 91 98 107 121 132 146 157 171 182 185 196)", SmalltalkSession.Print("cuis4.1-reduced.image",
            "((1 to: 200) reject: [:i | | f | f := i * 1.23. f asString asNumber = f]) asArray"));
    }
}
