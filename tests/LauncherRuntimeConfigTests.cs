using System.Text.Json;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// The .NET settings the launcher runs with (its runtimeconfig.json, beside the tests as `dotnet
/// launcher.dll` needs it). They decide how fast recompiled bodies become optimized code.
/// </summary>
public class LauncherRuntimeConfigTests
{
    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "launcher.runtimeconfig.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void HotBodiesArePromotedWithoutTheStartUpDelay()
    {
        // With the runtime's 100 ms delay (restarted by every new tier-0 method), a running Scratch
        // project kept its hot bodies unoptimized for seconds: benchmarks scratch measured 3-8x fewer
        // turbo steps/s in the recompiled tier than with the delay at 0.
        Assert.True(ConfigProperties().TryGetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs", out var delay));
        Assert.Equal(0, delay.ValueKind == JsonValueKind.String ? int.Parse(delay.GetString()!) : delay.GetInt32());
    }

    [Fact]
    public void BigShortLivedObjectsStartYoung()
    {
        // Scratch's turbo mode makes ~1,400 colour maps of 128 KB a second; on the large-object heap
        // they drove back-to-back full collections (benchmarks scratch: about half the steps/s).
        // A full 1024x768 32-bit Display form (3 MB) should start young too.
        Assert.True(ConfigProperties().TryGetProperty("System.GC.LOHThreshold", out var threshold));
        var bytes = threshold.ValueKind == JsonValueKind.String ? long.Parse(threshold.GetString()!) : threshold.GetInt64();
        Assert.True(bytes >= 1024 * 768 * 4, $"LOHThreshold {bytes}");
    }
}
