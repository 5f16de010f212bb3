using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// perform:withArguments: (84), perform:withArguments:inSuperclass: and its mirror form on a
/// context (100), withArgs:executeMethod: and CompiledMethod class>>receiver:withArguments:executeMethod:
/// (188), executeMethod: with the arguments on the stack (189), and primitive 19 (fails by
/// design), on Cuis 5 in both tiers. Where the image's fallback code gives the same answer,
/// the answer with the primitives failing is compared too.
/// </summary>
public class PerformAndExecutePrimitiveTests
{
    private const string Cuis = "cuis5.0-spur32.image";

    /// <summary>Both tiers agree; answers the printString and how often each primitive succeeded.</summary>
    private static (string Result, int Successes) BothTiers(int primitive, string expr)
    {
        var successes = new Dictionary<int, int>();
        var interpreted = new SmalltalkSession(Cuis, primitives: PrimitiveComparison.Counting([primitive], successes)).Print(expr);
        var count = successes[primitive];
        var compiled = new SmalltalkSession(Cuis, compiled: RecompiledTierTests.BodiesFor(Cuis));
        Assert.Equal(interpreted, compiled.Print(expr));
        return (interpreted, count);
    }

    [Fact]
    public void PerformWithArguments_sends_with_the_array_as_arguments()
    {
        var (r, used) = BothTiers(84, "{3 perform: #+ withArguments: #(4). #(3 1 2) perform: #copyWith: withArguments: #(9)}");
        Assert.Equal("#(7 #(3 1 2 9))", r);
        Assert.True(used >= 2);
    }

    [Fact]
    public void PerformWithArguments_with_the_wrong_count_fails_into_the_images_error() =>
        Assert.Equal("#failed", PrimitiveComparison.Everywhere(Cuis, [84], "[3 perform: #+ withArguments: #(4 5)] on: Error do: [:e | #failed]").Result);

    [Fact]
    public void PerformInSuperclass_runs_the_superclass_method()
    {
        // Fraction answers true to isNumber; Object's method answers false.
        var (r, used) = BothTiers(100, "{(3/4) perform: #isNumber withArguments: #() inSuperclass: Object. (3/4) perform: #isNumber withArguments: #() inSuperclass: Fraction}");
        Assert.Equal("#(false true)", r);
        Assert.Equal(2, used);
    }

    [Fact]
    public void PerformInSuperclass_mirror_form_on_a_context()
    {
        var (r, used) = BothTiers(100, "thisContext object: (3/4) perform: #isNumber withArguments: #() inClass: Object");
        Assert.Equal("false", r);
        Assert.Equal(1, used);
    }

    [Fact]
    public void PerformInSuperclass_refuses_a_class_outside_the_receivers_chain()
    {
        // The primitive fails (no String method may run on a Fraction); the image's own code reports it.
        var (r, used) = PrimitiveComparison.Everywhere(Cuis, [100],
            "[(3/4) perform: #size withArguments: #() inSuperclass: String] on: Error do: [:e | #refused]");
        Assert.Equal("#refused", r);
        Assert.Equal(0, used[100]);
    }

    [Fact]
    public void WithArgsExecuteMethod_runs_a_method_without_lookup()
    {
        var (r, used) = BothTiers(188, "{(3/4) withArgs: #() executeMethod: (Object compiledMethodAt: #isNumber). " +
                                        "(3/4) withArgs: #(2) executeMethod: (Number compiledMethodAt: #raisedTo:)}");
        Assert.Equal("#(false (9/16))", r);
        // The compiler runs each doit through withArgs:executeMethod: too.
        Assert.True(used >= 2);
    }

    [Fact]
    public void ReceiverWithArgumentsExecuteMethod_is_the_three_argument_form_of_188()
    {
        var (r, used) = BothTiers(188, "CompiledMethod receiver: (3/4) withArguments: #(2) executeMethod: (Number compiledMethodAt: #raisedTo:)");
        Assert.Equal("(9/16)", r);
        Assert.True(used >= 1);
    }

    [Fact]
    public void WithArgsExecuteMethod_with_the_wrong_count_fails_cleanly() =>
        Assert.Equal("#failed", PrimitiveComparison.Everywhere(Cuis, [188],
            "[3 withArgs: #(1 2) executeMethod: (Object compiledMethodAt: #isNumber)] on: Error do: [:e | #failed]").Result);

    [Fact]
    public void ExecuteMethod_takes_its_arguments_from_the_stack()
    {
        // Without 189 the image's fallback goes through withArgs:executeMethod: (188): same answers.
        var (r, used) = PrimitiveComparison.Everywhere(Cuis, [189],
            "{(3/4) executeMethod: (Object compiledMethodAt: #isNumber). (3/4) with: 2 executeMethod: (Number compiledMethodAt: #raisedTo:). " +
            "3 with: 4 with: 5 executeMethod: (Magnitude compiledMethodAt: #between:and:)}");
        Assert.Equal("#(false (9/16) false)", r);
        Assert.Equal(3, used[189]);
    }

    [Fact]
    public void Primitive_19_fails_by_design_and_is_not_reported_missing()
    {
        // BlockClosure>>newProcess carries the simulation guard (primitive 19): its own code makes the process.
        var s = new SmalltalkSession(Cuis);
        var errors = new StringWriter();
        s.Vm.Stderr = errors;
        s.Vm.TraceMissing = true;
        Assert.Equal("#(true 3)", s.Print("| p | p := [3] newProcess. {p isSuspended. p priority > 0 ifTrue: [3]}"));
        Assert.DoesNotContain("primitive 19", errors.ToString());
    }
}
