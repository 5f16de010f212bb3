using Xunit;
namespace ImageAot.Tests;

/// <summary>The issue's acceptance expressions, each on every image that has a compiler.</summary>
public class EvalAcceptanceTests
{
    public static readonly (string Expr, string Expected)[] Expressions =
    [
        ("3 + 4", "7"),
        ("| b s | b := ByteArray new: 5. 1 to: 5 do: [:i | b at: i put: i * 50]. s := 0. 1 to: 5 do: [:i | s := s + (b at: i)]. s", "750"),
        ("100 factorial printString size", "158"),
        ("(2 raisedTo: 100) - 1", "1267650600228229401496703205375"),
        ("1000000000 * 1000000000 // 7", "142857142857142857"),
        ("(1/3) + (2/3)", "1"),
        ("(3/4) denominator", "4"),
        ("(2 raisedTo: 64) negated // 3", "-6148914691236517206"),
        ("0.1 + 0.2 = 0.3", "false"),
        ("(1/2) asFloat * 4", "2.0"),
        ("#(3 1 2) asSortedCollection asArray = #(1 2 3)", "true"),
        ("(1 to: 10) inject: 0 into: [:a :b | a + b]", "55"),
        ("'hello world' asUppercase", "'HELLO WORLD'"),
        ("#(1 2 2 3) asSet size", "3"),
        ("[:x | x * 2] value: 21", "42"),
        ("(#(1 2 3) collect: [:e | e * e]) = #(1 4 9)", "true"),
        ("#(1 $a 'str' #sym 3.5) size", "5"),
    ];

    public static IEnumerable<object[]> Cases() =>
        from image in SmalltalkSession.WithCompiler
        from e in Expressions
        select new object[] { image, e.Expr, e.Expected };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Expression_prints_the_expected_printString(string image, string expr, string expected) =>
        Assert.Equal(expected, SmalltalkSession.Print(image, expr));

    public static IEnumerable<object[]> TinyBenchmarkImages() =>
        new[] { "squeak2-mini.image", "squeakjs-benchmark.image", "cuis4.1-reduced.image", "cuis5.0-spur32.image" }.Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(TinyBenchmarkImages))]
    public void TinyBenchmarks_completes_and_reports_both_rates(string image)
    {
        var text = new SmalltalkSession(image, timeoutSeconds: 300).Print("0 tinyBenchmarks");
        Assert.Matches(@"^'[\d,]+ bytecodes/sec; [\d,]+ sends/sec'$", text);
    }
}
