namespace ImageAot.Benchmarks;

/// <summary>Summaries of repeated measurements.</summary>
public static class Stats
{
    /// <summary>The middle value (mean of the two middle ones for an even count): one disturbed round does not move it.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        if (s.Length == 0) return double.NaN;
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>The geometric mean, the right mean for ratios: a 2x and a 0.5x average to 1x.</summary>
    public static double GeometricMean(IEnumerable<double> ratios)
    {
        var r = ratios.ToArray();
        return r.Length == 0 ? double.NaN : Math.Exp(r.Sum(Math.Log) / r.Length);
    }
}
