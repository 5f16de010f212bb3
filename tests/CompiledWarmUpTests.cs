using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Hosting;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// The launcher's warm-up policy (Interpreter.AttachAfterCalls): a method sent from the interpreter
/// runs interpreted until it has been sent that many times, so that code run once (most of a
/// start-up) is not compiled by the JIT; hot methods and long loops still end up compiled.
/// </summary>
public class CompiledWarmUpTests
{
    private const string Image = "squeak2-mini.image";

    private static (SmalltalkSession Session, MethodInfo Info) Warming(string className, string selector)
    {
        var s = new SmalltalkSession(Image, compiled: RecompiledTierTests.BodiesFor(Image));
        s.Vm.AttachAfterCalls = 16;
        var method = new Globals(s.Vm).OwnMethod(s.Vm.Mem.Global(className)!, selector)!;
        return (s, s.Vm.InfoOf(method));
    }

    [Fact]
    public void A_method_sent_a_few_times_stays_interpreted_then_runs_compiled()
    {
        var (s, fib) = Warming("Integer", "benchFib");
        Assert.Equal("9", s.Print("4 benchFib"));          // benchFib answers its own call count: 9 sends, all interpreted
        Assert.True(fib.AwaitingBody);
        Assert.Equal(0, fib.DirectEntry);

        Assert.Equal(SmalltalkSession.Print(Image, "20 benchFib"), s.Print("20 benchFib"));
        Assert.False(fib.AwaitingBody);
        Assert.NotEqual(0, fib.DirectEntry);
        Assert.True(s.Vm.DirectCallsFromContexts > 0, "the warm method never ran compiled");
    }

    [Fact]
    public void A_long_loop_in_a_method_sent_once_goes_on_compiled()
    {
        var (s, benchmark) = Warming("Integer", "benchmark");
        Assert.Equal(SmalltalkSession.Print(Image, "3 benchmark"), s.Print("3 benchmark"));
        // Sent once, but its sieve loops ran long enough to meet an interrupt check.
        Assert.False(benchmark.AwaitingBody);
        Assert.True(s.Vm.DirectResumes > 0, "the loop did not go on in the method's compiled body");
    }
}
