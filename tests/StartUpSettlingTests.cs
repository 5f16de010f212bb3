using System.Diagnostics;
using ImageAot.Runtime.Execution;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Start-up before host calls (eval, test) ends when the image idles, or after it has worked
/// 1.5 s past its first frame without idling; worked, not waited, so a busy machine does not cut
/// the start-up short.
/// </summary>
public class StartUpSettlingTests
{
    [Fact]
    public void The_thread_clock_counts_work_and_not_waiting()
    {
        Assert.True(OperatingSystem.IsLinux(), "the processor-time clock is read on Linux (elsewhere settling uses the wall clock)");
        var before = ThreadCpuClock.Milliseconds();
        Assert.NotNull(before);
        Thread.Sleep(300);
        var afterSleep = ThreadCpuClock.Milliseconds()!.Value;
        Assert.True(afterSleep - before!.Value < 100, $"300 ms asleep counted {afterSleep - before} ms");
        // Work until the clock has counted 150 ms of it: on a loaded machine that takes longer than
        // 150 ms of wall time, but a clock that did not count work would never get there.
        var spin = Stopwatch.StartNew();
        var x = 0L;
        while (ThreadCpuClock.Milliseconds()!.Value - afterSleep < 150 && spin.ElapsedMilliseconds < 20_000) x += spin.ElapsedTicks & 1;
        Assert.True(spin.ElapsedMilliseconds < 20_000, $"20 s of work counted {ThreadCpuClock.Milliseconds() - afterSleep} ms ({x})");
    }

    /// <summary>
    /// Scratch builds its default project (the stage and its cat) well after its first frame; with
    /// another Scratch starting beside it on the same processors, that took longer than 1.5 s of
    /// wall time, and eval's expression ran on a world without its sprite.
    /// </summary>
    [Fact]
    public void Scratchs_start_up_ends_with_its_sprite_even_beside_another_Scratch_starting()
    {
        var image = ScratchFiles.RequireImage();
        var beside = Task.Run(() => LauncherCli.Run("eval", image, "World submorphs size"));
        var r = LauncherCli.Run("eval", image, "(World submorphs first workPane submorphs collect: [:m | m class name]) asArray");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("(#ScratchSpriteMorph)", r.Stdout.Trim());
        Assert.Equal(0, beside.Result.ExitCode);
    }
}
