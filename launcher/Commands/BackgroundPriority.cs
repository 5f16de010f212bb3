using System.Runtime.InteropServices;

namespace ImageAot.Launcher.Commands;

/// <summary>
/// Lowers the calling thread's scheduling priority (its Linux nice value), so that background
/// work yields the CPU to the interpreter. .NET's Thread.Priority does nothing on Linux.
/// </summary>
internal static partial class BackgroundPriority
{
    private const int PrioProcess = 0;
    private const int Lowest = 19;

    public static void Lower()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            // With PRIO_PROCESS, a thread id names just that thread.
            _ = SetPriority(PrioProcess, GetThreadId(), Lowest);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without the call the thread just competes at normal priority.
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
