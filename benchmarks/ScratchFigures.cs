using System.Globalization;
using System.Text.RegularExpressions;

namespace ImageAot.Benchmarks;

/// <summary>
/// What one run of one Scratch project on one VM measured (rates per second of the counted time).
/// CPU is per cent of one core over the normal-mode count; XCpu is the X server's over the same
/// time (squeakvm only: its drawing is partly done there; our tiers run headless).
/// Running = scripts still running when the count ended (0: the project stopped computing).
/// </summary>
public sealed record ScratchFigures(
    double TurboSteps, double TurboFrames, int TurboRunning,
    double NormalSteps, double NormalFrames, int NormalRunning,
    double? Cpu, double? XCpu)
{
    /// <summary>Reads the line ScratchProjectScript writes; null if a figure is missing.</summary>
    public static ScratchFigures? Parse(string text, double? cpu, double? xCpu)
    {
        double? Get(string key)
        {
            var m = Regex.Match(text, key + @"\s+(\d+)");
            return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        if (Get("turbo_ms") is not { } turboMs || Get("normal_ms") is not { } normalMs) return null;
        double PerSecond(string key, double ms) => (Get(key) ?? 0) * 1000 / ms;
        return new ScratchFigures(
            PerSecond("turbo_steps", turboMs), PerSecond("turbo_frames", turboMs), (int)(Get("turbo_running") ?? 0),
            PerSecond("normal_steps", normalMs), PerSecond("normal_frames", normalMs), (int)(Get("normal_running") ?? 0),
            cpu, xCpu);
    }
}
