using System.Globalization;

namespace ImageAot.Benchmarks;

/// <summary>
/// CPU time a running process has used so far (user + system, all its threads), read from Linux's
/// /proc/PID/stat, so that a benchmark can tell how busy another program was over a stretch of time
/// it chooses, not over its whole life (start-up and loading would swamp an idle stretch).
/// </summary>
public static class ProcessCpu
{
    /// <summary>The unit of /proc's times: USER_HZ is 100 on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Seconds of CPU used, or null when the process is gone (or this is not Linux).</summary>
    public static double? Seconds(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // The command name (field 2) is in parentheses and may contain spaces: count fields after it.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }
}
