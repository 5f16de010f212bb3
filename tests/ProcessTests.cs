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

    [Theory, MemberData(nameof(Images))]
    public void Waiting_on_a_delay_idles_without_burning_a_core(string image)
    {
        var s = new SmalltalkSession(image);
        s.Print("(Delay forMilliseconds: 10) wait. 0");   // compile and warm up first
        var cpu = ThreadCpuTime();
        var wall = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("0", s.Print("(Delay forMilliseconds: 1500) wait. 0"));
        var used = ThreadCpuTime() - cpu;
        Assert.True(wall.ElapsedMilliseconds >= 1500);
        Assert.True(used < TimeSpan.FromMilliseconds(700), $"a 1.5 s wait used {used.TotalMilliseconds:F0} ms of CPU");
    }

    /// <summary>CPU time of this thread only (the interpreter runs on it; other tests run in parallel on other threads).</summary>
    private static TimeSpan ThreadCpuTime()
    {
        var fields = File.ReadAllText("/proc/thread-self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After the command name: state is field 3, utime and stime are fields 14 and 15 (clock ticks, 100 per second).
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
