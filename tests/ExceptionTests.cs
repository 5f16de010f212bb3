using Xunit;
namespace ImageAot.Tests;

/// <summary>Non-local return, unwind protection and ANSI exceptions, on the images that have them.</summary>
public class ExceptionTests
{
    public static IEnumerable<object[]> Images() => SmalltalkSession.WithExceptions.Select(i => new object[] { i });

    [Theory, MemberData(nameof(Images))]
    public void Non_local_return_leaves_the_home_method(string image) =>
        Assert.Equal("2", SmalltalkSession.Print(image, "#(1 2 3) do: [:e | e = 2 ifTrue: [^e]]. 0"));

    [Theory, MemberData(nameof(Images))]
    public void Non_local_return_from_a_block_passed_down_returns_from_its_home(string image) =>
        Assert.Equal("20", SmalltalkSession.Print(image, "[:c | c detect: [:e | e > 1]] value: #(1 20 30)"));

    [Theory, MemberData(nameof(Images))]
    public void Ensure_block_runs_after_normal_completion(string image) =>
        Assert.Equal("true", SmalltalkSession.Print(image,
            "| log | log := OrderedCollection new. [log add: 1] ensure: [log add: 2]. log asArray = #(1 2)"));

    [Theory, MemberData(nameof(Images))]
    public void Ensure_block_runs_when_a_non_local_return_passes_through(string image)
    {
        var s = new SmalltalkSession(image);
        s.Print("Smalltalk at: #ImageAotLog put: OrderedCollection new. 0");
        Assert.Equal("2", s.Print("#(1 2 3) do: [:e | [e = 2 ifTrue: [^e]] ensure: [(Smalltalk at: #ImageAotLog) add: e]]. 0"));
        Assert.Equal("true", s.Print("(Smalltalk at: #ImageAotLog) asArray = #(1 2)"));
    }

    [Theory, MemberData(nameof(Images))]
    public void On_do_return_answers_the_handlers_value(string image) =>
        Assert.Equal("5", SmalltalkSession.Print(image, "[1/0] on: ZeroDivide do: [:e | e return: 5]"));

    [Theory, MemberData(nameof(Images))]
    public void Handler_block_value_is_the_value_of_on_do(string image) =>
        Assert.Equal("#caught", SmalltalkSession.Print(image, "[nil foo] on: MessageNotUnderstood do: [:e | #caught]"));

    // Cuis 4.1's Exception has no retry (Exception canUnderstand: #retry is false there).
    [Theory, InlineData("cuis5.0-spur32.image")]
    public void Retry_reruns_the_protected_block(string image) =>
        Assert.Equal("3", SmalltalkSession.Print(image,
            "| count | count := 0. [count := count + 1. count < 3 ifTrue: [1/0]. count] on: ZeroDivide do: [:e | e retry]"));

    [Theory, MemberData(nameof(Images))]
    public void Resume_continues_after_the_signal(string image) =>
        Assert.Equal("42", SmalltalkSession.Print(image, "[(Warning signal: 'w') + 1] on: Warning do: [:e | e resume: 41]"));

    [Theory, MemberData(nameof(Images))]
    public void Signal_inside_a_handler_reaches_an_outer_handler(string image) =>
        Assert.Equal("#outer", SmalltalkSession.Print(image,
            "[[1/0] on: ZeroDivide do: [:e | nil foo]] on: MessageNotUnderstood do: [:e | #outer]"));

    [Theory, MemberData(nameof(Images))]
    public void Unwinding_runs_several_ensure_blocks_innermost_first(string image) =>
        Assert.Equal("true", SmalltalkSession.Print(image,
            "| log | log := OrderedCollection new. [[[1/0] ensure: [log add: 1]] ensure: [log add: 2]] on: ZeroDivide do: [:e | log add: 3]. log asArray = #(3 1 2)"));

    [Theory, MemberData(nameof(Images))]
    public void IfCurtailed_runs_only_when_unwound(string image) =>
        Assert.Equal("#(#cut 7)", SmalltalkSession.Print(image,
            "| log | log := OrderedCollection new. [[1/0] ifCurtailed: [log add: #cut]] on: ZeroDivide do: [:e | e return: nil]. [7] ifCurtailed: [log add: #no]. log add: 7. log asArray"));

    [Theory, MemberData(nameof(Images))]
    public void Ensure_runs_when_an_exception_returns_through_it(string image) =>
        Assert.Equal("true", SmalltalkSession.Print(image,
            "| log r | log := OrderedCollection new. r := [[Error signal: 'x'. 1] ensure: [log add: #e]] on: Error do: [:e | e return: 9]. r = 9 & (log asArray = #(#e))"));

    [Theory, MemberData(nameof(Images))]
    public void Unhandled_error_is_reported_not_debugged(string image)
    {
        var r = new SmalltalkSession(image).Evaluate("1/0");
        Assert.False(r.Ok);
        Assert.Contains("ZeroDivide", r.Text);
    }
}

/// <summary>A block whose home method has returned cannot ^: the image gets cannotReturn:.</summary>
public class CannotReturnTests
{
    [Theory]
    [InlineData("cuis4.1-reduced.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void Non_local_return_from_a_dead_home_is_cannotReturn(string image)
    {
        var s = new SmalltalkSession(image);
        s.Print("Smalltalk at: #ImageAotBlock put: [:x | ^x]. 0");
        var r = s.Evaluate("(Smalltalk at: #ImageAotBlock) value: 3");
        Assert.False(r.Ok);
        Assert.Contains("return", r.Text, StringComparison.OrdinalIgnoreCase);
    }
}
