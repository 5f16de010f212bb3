using Xunit;
namespace ImageAot.Tests;

/// <summary>Process switching: semaphores, Delay and the timer, preemption by priority.</summary>
public class ProcessTests
{
    public static IEnumerable<object[]> Images() => SmalltalkSession.WithExceptions.Select(i => new object[] { i });

    [Theory, MemberData(nameof(Images))]
    public void Two_processes_alternate_on_semaphores(string image) =>
        Assert.Equal("true", SmalltalkSession.Print(image, """
            | a b log done |
            log := OrderedCollection new. a := Semaphore new. b := Semaphore new. done := Semaphore new.
            [1 to: 3 do: [:i | a wait. log add: i. b signal]. done signal] fork.
            [1 to: 3 do: [:i | a signal. b wait. log add: i * 10]. done signal] fork.
            done wait. done wait.
            log asArray = #(1 10 2 20 3 30)
            """));

    [Theory, MemberData(nameof(Images))]
    public void A_delay_of_50_ms_wakes_up(string image)
    {
        var started = DateTime.UtcNow;
        Assert.Equal("true", SmalltalkSession.Print(image, """
            | t | t := Time millisecondClockValue.
            (Delay forMilliseconds: 50) wait.
            (Time millisecondClockValue - t) >= 50
            """));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
    }

    [Theory, MemberData(nameof(Images))]
    public void A_higher_priority_process_preempts_a_lower_one(string image) =>
        Assert.Equal("true", SmalltalkSession.Print(image, """
            | log |
            log := OrderedCollection new.
            [log add: #low2] forkAt: Processor activeProcess priority - 1.
            [log add: #high] forkAt: Processor activeProcess priority + 1.
            log add: #low.
            (Delay forMilliseconds: 10) wait.
            log asArray = #(#high #low #low2)
            """));
}
