using ImageAot.Launcher.Commands;
using Xunit;

namespace ImageAot.Tests;

/// <summary>A GUI session loads its compiled code only once the image has shown its first frame.</summary>
public class DeferredLoadingTests
{
    [Fact]
    public void Loading_waits_for_its_condition_then_delivers_the_code()
    {
        var assembly = RecompiledTierTests.AssemblyPathFor("squeak2-mini.image");
        var shown = false;
        var loading = VmOptions.StartLoading(assembly, startWhen: () => Volatile.Read(ref shown));
        Thread.Sleep(400);
        Assert.False(loading.IsCompleted);
        Volatile.Write(ref shown, true);
        Assert.True(loading.Wait(TimeSpan.FromSeconds(60)));
        Assert.NotNull(loading.Result);
    }

    [Fact]
    public void A_condition_that_never_holds_delays_the_code_but_does_not_withhold_it()
    {
        var assembly = RecompiledTierTests.AssemblyPathFor("squeak2-mini.image");
        var loading = VmOptions.StartLoading(assembly, startWhen: () => false);
        Assert.True(loading.Wait(TimeSpan.FromSeconds(60)));
        Assert.NotNull(loading.Result);
    }

    [Fact]
    public void A_load_that_fails_reports_its_error_through_the_task()
    {
        var notAnAssembly = Path.GetTempFileName();
        File.WriteAllText(notAnAssembly, "MZ but nothing else");
        var loading = VmOptions.StartLoading(notAnAssembly);
        Assert.ThrowsAny<Exception>(() => loading.GetAwaiter().GetResult());
    }
}
