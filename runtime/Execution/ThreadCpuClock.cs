using System.Runtime.InteropServices;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// The processor time the calling thread has used so far, where the host tells it (Linux:
/// clock_gettime with CLOCK_THREAD_CPUTIME_ID). Start-up settling measures the VM's own work with
/// it rather than the wall clock, so that a machine busy with other programs does not cut an
/// image's start-up short.
/// </summary>
public static partial class ThreadCpuClock
{
    /// <summary>struct timespec: time_t and long are both the size of a pointer on Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    private const int ClockThreadCpuTimeId = 3;

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    private static readonly bool Available = OperatingSystem.IsLinux() && Read() is not null;

    /// <summary>The calling thread's processor time in milliseconds, or null where the host does not tell it.</summary>
    public static long? Milliseconds() => Available ? Read() : null;

    private static long? Read()
    {
        try
        {
            return ClockGetTime(ClockThreadCpuTimeId, out var t) == 0 ? (long)t.Seconds * 1000 + (long)t.Nanoseconds / 1_000_000 : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}
