namespace ImageAot.Benchmarks;

/// <summary>
/// An Xvfb of our own for a whole sitting of squeakvm runs: one server started once (rather than
/// xvfb-run per run) so that every run meets the same screen, its process id can be sampled for CPU
/// (squeakvm's drawing partly happens in the X server), and the VM is our direct child, not
/// xvfb-run's. Xvfb picks a free display itself (-displayfd) since other sessions run Xvfbs too.
/// </summary>
public sealed class PrivateXServer : IDisposable
{
    private readonly ChildProcess xvfb;

    /// <summary>The DISPLAY value, e.g. ":57".</summary>
    public string Display { get; }

    public int Pid => xvfb.Pid;

    private PrivateXServer(ChildProcess xvfb, string display)
    {
        this.xvfb = xvfb;
        Display = display;
    }

    /// <summary>Starts Xvfb with one 24-bit screen of the given size; null (with the reason on stderr) when it does not come up.</summary>
    public static PrivateXServer? Start(string screen, string dir)
    {
        string? number = null;
        var ready = new ManualResetEventSlim();
        var xvfb = ChildProcess.Start("Xvfb", ["-displayfd", "1", "-screen", "0", screen, "-nolisten", "tcp"], dir);
        xvfb.StopAt(line =>
        {
            // The first line on stdout is the display number it chose; never a reason to stop.
            if (number is null && int.TryParse(line.Trim(), out _)) { number = line.Trim(); ready.Set(); }
            return false;
        });
        if (!ready.Wait(TimeSpan.FromSeconds(15)))
        {
            var (_, output) = xvfb.Wait(0);
            Console.Error.WriteLine($"Xvfb did not start: {output}");
            xvfb.Dispose();
            return null;
        }
        return new PrivateXServer(xvfb, ":" + number);
    }

    public void Dispose() => xvfb.Dispose();
}
