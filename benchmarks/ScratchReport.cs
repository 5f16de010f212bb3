namespace ImageAot.Benchmarks;

/// <summary>
/// The `scratch` benchmark's tables: per project the median of each figure over the rounds (each
/// figure on its own), turbo steps/s with the ratios to squeakvm and their geometric mean, then
/// normal mode's frame rate and CPU.
/// </summary>
public static class ScratchReport
{
    public static void Print(string[] names, Dictionary<string, List<ScratchFigures>>[] results, int rounds)
    {
        double M(int p, string tier, Func<ScratchFigures, double?> f) =>
            Stats.Median(results[p][tier].Select(f).Where(v => v is not null).Select(v => v!.Value));
        var w = Math.Max(24, names.Max(n => n.Length));

        Console.WriteLine();
        Console.WriteLine($"Turbo mode: script steps/s (frames/s), median of {rounds}; ratios to squeakvm");
        Console.WriteLine($"{"project".PadRight(w)} {"interpreter",16} {"recompiled",16} {"R2R",16} {"squeakvm",16} {"int/sq",7} {"rec/sq",7} {"r2r/sq",7} {"rec/int",7}");
        var (intRatios, recRatios, r2rRatios, recInt) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var p = 0; p < names.Length; p++)
        {
            string Cell(string tier) => $"{M(p, tier, f => f.TurboSteps),7:F0} ({M(p, tier, f => f.TurboFrames),5:F1})";
            var (i, r, rr, s) = (M(p, "interpreter", f => f.TurboSteps), M(p, "recompiled", f => f.TurboSteps), M(p, "r2r", f => f.TurboSteps), M(p, "squeakvm", f => f.TurboSteps));
            intRatios.Add(i / s);
            recRatios.Add(r / s);
            r2rRatios.Add(rr / s);
            recInt.Add(r / i);
            Console.WriteLine($"{names[p].PadRight(w)} {Cell("interpreter"),16} {Cell("recompiled"),16} {Cell("r2r"),16} {Cell("squeakvm"),16} {i / s,7:F2} {r / s,7:F2} {rr / s,7:F2} {r / i,7:F2}");
        }
        Console.WriteLine($"{"geometric mean".PadRight(w)} {"",16} {"",16} {"",16} {"",16} {Stats.GeometricMean(intRatios),7:F2} {Stats.GeometricMean(recRatios),7:F2} {Stats.GeometricMean(r2rRatios),7:F2} {Stats.GeometricMean(recInt),7:F2}");

        Console.WriteLine();
        Console.WriteLine($"Normal mode: frames/s and CPU (% of one core over the count), median of {rounds}; X = squeakvm's X server");
        Console.WriteLine($"{"project".PadRight(w)} {"interpreter",12} {"recompiled",12} {"R2R",12} {"squeakvm",12} {"X",5}");
        for (var p = 0; p < names.Length; p++)
        {
            string Cell(string tier) => $"{M(p, tier, f => f.NormalFrames),5:F1} {ScratchBenchmark.Pct(M(p, tier, f => f.Cpu))}";
            Console.WriteLine($"{names[p].PadRight(w)} {Cell("interpreter"),12} {Cell("recompiled"),12} {Cell("r2r"),12} {Cell("squeakvm"),12} {ScratchBenchmark.Pct(M(p, "squeakvm", f => f.XCpu)),5}");
        }
        string Mean(string tier, Func<ScratchFigures, double?> f) =>
            $"{Enumerable.Range(0, names.Length).Average(p => M(p, tier, f)),5:F1}";
        Console.WriteLine($"{"mean".PadRight(w)} {Mean("interpreter", f => f.NormalFrames) + " " + Mean("interpreter", f => f.Cpu) + "%",12}" +
                          $" {Mean("recompiled", f => f.NormalFrames) + " " + Mean("recompiled", f => f.Cpu) + "%",12}" +
                          $" {Mean("r2r", f => f.NormalFrames) + " " + Mean("r2r", f => f.Cpu) + "%",12}" +
                          $" {Mean("squeakvm", f => f.NormalFrames) + " " + Mean("squeakvm", f => f.Cpu) + "%",12} {Mean("squeakvm", f => f.XCpu)}%");
    }
}
