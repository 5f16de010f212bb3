using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// The context-chain primitives (195 findNextUnwindContextUpTo:, 196 terminateTo:, 197
/// findNextHandlerOrSignalingContext) on Cuis 5, whose methods carry them with Smalltalk
/// fallback code: every expression gives the same answer with the primitives, with them
/// failing (so the fallback runs), and in the recompiled tier; and the primitives did run.
/// </summary>
public class UnwindPrimitiveTests
{
    private const string Cuis = "cuis5.0-spur32.image";
    private static readonly int[] Unwinding = [195, 196, 197];

    /// <summary>Cuis 5 (Spur) and Cuis 4.1 (V3 closures; its 197 is findNextHandlerContextStarting).</summary>
    public static IEnumerable<object[]> Images() => SmalltalkSession.WithExceptions.Select(i => new object[] { i });

    private static (string Result, Dictionary<int, int> Successes) Everywhere(string image, string expr) =>
        PrimitiveComparison.Everywhere(image, Unwinding, expr);

    [Theory, MemberData(nameof(Images))]
    public void FindNextUnwindContext_finds_the_ensure_activation_around_a_block(string image)
    {
        var (r, used) = Everywhere(image, "[(thisContext findNextUnwindContextUpTo: nil) method selector] ensure: [3 + 4]");
        Assert.Equal("#ensure:", r);
        Assert.True(used[195] > 0);
    }

    [Theory, MemberData(nameof(Images))]
    public void FindNextUnwindContext_from_the_ensure_block_itself_finds_its_ensure_activation(string image) =>
        Assert.Equal("#ensure:", Everywhere(image, "| r | [3] ensure: [r := (thisContext findNextUnwindContextUpTo: nil) method selector]. r").Result);

    [Theory, MemberData(nameof(Images))]
    public void Unwinding_primitives_on_a_non_context_fail_cleanly_into_the_fallback(string image)
    {
        // Run through withArgs:executeMethod: on 3: the primitives refuse the receiver; the fallback code's own errors are caught.
        var (r, _) = Everywhere(image,
            "{[3 withArgs: #(nil) executeMethod: (ContextPart compiledMethodAt: #findNextUnwindContextUpTo:)] on: Error do: [:e | #failed]. " +
            "[3 withArgs: {thisContext} executeMethod: (ContextPart compiledMethodAt: #terminateTo:)] on: Error do: [:e | #failed]}");
        Assert.Equal("#(#failed #failed)", r);
    }

    [Theory, MemberData(nameof(Images))]
    public void FindNextUnwindContext_finds_the_innermost_of_nested_unwind_activations(string image) =>
        Assert.Equal("#ifCurtailed:", Everywhere(image, "[[(thisContext findNextUnwindContextUpTo: nil) method selector] ifCurtailed: [1]] ensure: [2]").Result);

    [Theory, MemberData(nameof(Images))]
    public void FindNextUnwindContext_stops_before_its_limit(string image) =>
        Assert.Equal("nil", Everywhere(image, "[thisContext findNextUnwindContextUpTo: thisContext sender] ensure: [2]").Result);

    [Theory, MemberData(nameof(Images))]
    public void FindNextUnwindContext_with_a_non_context_limit_fails_into_the_fallback(string image) =>
        // The fallback treats 3 as a limit never met: it walks to the ensure: activation.
        Assert.Equal("#ensure:", Everywhere(image, "[(thisContext findNextUnwindContextUpTo: 3) method selector] ensure: [2]").Result);

    private const string Chain =
        "| m c1 c2 c3 c4 c5 | m := Object compiledMethodAt: #yourself. " +
        "c5 := MethodContext sender: nil receiver: 5 method: m arguments: #(). " +
        "c4 := MethodContext sender: nil receiver: 4 method: m arguments: #(). " +
        "c3 := MethodContext sender: c4 receiver: 3 method: m arguments: #(). " +
        "c2 := MethodContext sender: c3 receiver: 2 method: m arguments: #(). " +
        "c1 := MethodContext sender: c2 receiver: 1 method: m arguments: #(). ";

    [Theory, MemberData(nameof(Images))]
    public void TerminateTo_kills_the_contexts_in_between_and_relinks_the_receiver(string image)
    {
        var (r, used) = Everywhere(image, Chain +
            "{(c1 terminateTo: c4) == c1. c1 sender == c4. c2 sender. c2 pc. c3 sender. c3 pc. c4 pc notNil. c1 pc notNil}");
        Assert.Equal("#(true true nil nil nil nil true true)", r);
        Assert.True(used[196] > 0);
    }

    [Theory, MemberData(nameof(Images))]
    public void TerminateTo_a_context_that_is_not_a_sender_only_relinks(string image) =>
        Assert.Equal("#(true true true true)", Everywhere(image, Chain +
            "c1 terminateTo: c5. {c1 sender == c5. c2 sender == c3. c2 pc notNil. c3 sender == c4}").Result);

    [Theory, MemberData(nameof(Images))]
    public void TerminateTo_nil_cuts_the_chain(string image) =>
        Assert.Equal("#(nil true)", Everywhere(image, Chain + "c1 terminateTo: nil. {c1 sender. c2 sender == c3}").Result);

    [Theory, MemberData(nameof(Images))]
    public void TerminateTo_on_running_contexts_returns_past_the_dead_ones(string image)
    {
        // The inner block's activation is relinked to the doit: its value comes back there, and the outer block's activation is dead.
        Assert.Equal("#(#(true nil nil) 2)", Everywhere(image,
            "| doit top mid r | doit := thisContext. " +
            "r := [:k | [:j | top := thisContext. mid := top sender. top terminateTo: doit. {top sender == doit. mid sender. mid pc}] value: 1] value: 2. " +
            "{r. 2}").Result);
    }

    [Theory, MemberData(nameof(Images))]
    public void Handler_search_finds_the_innermost_on_do_activation(string image)
    {
        // ContextPart>>nextHandlerContext starts at the sender: here the block's caller, the inner on:do:.
        var (r, used) = Everywhere(image,
            "[[(thisContext nextHandlerContext tempAt: 1) name] " +
            "on: ZeroDivide do: [:e | 0]] on: Error do: [:e | 1]");
        Assert.Equal("#ZeroDivide", r);
        Assert.True(used[197] > 0);
    }

    [Theory, MemberData(nameof(Images))]
    public void Nested_handlers_with_ensure_run_every_unwind_block_in_order(string image) =>
        // The handler runs on top of the signal; return: then unwinds from there, innermost first.
        Assert.Equal("#(#inner #outerHandler #outerEnsure #innerEnsure 42)", Everywhere(image,
            "| log r | log := OrderedCollection new. " +
            "r := [[[log add: #inner. 1/0] ensure: [log add: #innerEnsure]] on: MessageNotUnderstood do: [:e | log add: #wrong]] " +
            "on: ZeroDivide do: [:e | log add: #outerHandler. [e return: 42] ensure: [log add: #outerEnsure]]. " +
            "log add: r. log asArray").Result);

    // Cuis 4.1's Exception has no retry.
    [Theory, InlineData(Cuis)]
    public void Resume_retry_pass_outer_and_signal_in_a_handler(string image) =>
        // outer answers the outer handler's resumption value inside the inner handler, whose value ends on:do:.
        Assert.Equal("#(5 3 #passed #resumedValue #resignalled)", Everywhere(image,
            "| a b c d e tries | " +
            "a := [(Warning signal: 'w') + 1] on: Warning do: [:ex | ex resume: 4]. " +
            "tries := 0. b := [tries := tries + 1. tries < 3 ifTrue: [1/0]. tries] on: ZeroDivide do: [:ex | ex retry]. " +
            "c := [[1/0] on: ZeroDivide do: [:ex | ex pass]] on: ZeroDivide do: [:ex | #passed]. " +
            "d := [[Warning signal: 'x'. #notHere] on: Warning do: [:ex | ex outer]] " +
            "on: Warning do: [:ex | ex resume: #resumedValue]. " +
            "e := [[1/0] on: ZeroDivide do: [:ex | ex signal]] on: ZeroDivide do: [:ex | #resignalled]. " +
            "{a. b. c. d. e}").Result);

    [Theory, MemberData(nameof(Images))]
    public void Terminating_a_waiting_process_runs_its_ensure_blocks(string image)
    {
        var (r, used) = Everywhere(image,
            "| log p | log := OrderedCollection new. " +
            "p := [[log add: #started. Semaphore new wait. log add: #neverHere] ensure: [log add: #unwound]] newProcess. " +
            "p resume. Processor yield. p terminate. log add: p isTerminated. log asArray");
        Assert.Equal("#(#started #unwound true)", r);
        Assert.True(used[195] > 0 && used[196] > 0);
    }

    [Theory, MemberData(nameof(Images))]
    public void Terminating_a_process_inside_nested_ensure_and_ifCurtailed_runs_both(string image) =>
        Assert.Equal("#(#curtailed #outer)", Everywhere(image,
            "| log p | log := OrderedCollection new. " +
            "p := [[[Semaphore new wait] ifCurtailed: [log add: #curtailed]] ensure: [log add: #outer]] newProcess. " +
            "p resume. Processor yield. p terminate. log asArray").Result);
}
