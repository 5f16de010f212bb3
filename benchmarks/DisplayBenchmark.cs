using System.Diagnostics;
using ImageAot.Runtime.Display;
using ImageAot.Runtime.Graphics;

namespace ImageAot.Benchmarks;

/// <summary>
/// `display`: the cost of turning the Display form into screen pixels (what a window uploads and a
/// screenshot writes): a full 1024x768 screen at each depth, and a typical Morphic damage rectangle.
/// </summary>
public static class DisplayBenchmark
{
    public static int Run(string[] args)
    {
        const int w = 1024, h = 768;
        var dest = new uint[w * h];
        var random = new Random(1);
        Console.WriteLine("conversion to 0xFFRRGGBB, best of 50 (ms)");
        foreach (var depth in new[] { 32, 16, 8, 4, 2, 1 })
            foreach (var msb in depth == 32 ? new[] { true } : new[] { true, false })
            {
                var form = new Surface(Enumerable.Range(0, (w * depth + 31) / 32 * h).Select(_ => (uint)random.Next()).ToArray(), w, h, depth, msb);
                var full = Best(() => FormPixels.Convert(form, PixelRect.Sized(w, h), dest, w));
                var damage = Best(() => FormPixels.Convert(form, new PixelRect(300, 200, 500, 300), dest, w));
                Console.WriteLine($"  depth {(msb ? depth : -depth),3}: full screen {full,6:F3}   200x100 damage {damage,6:F4}");
            }
        return 0;
    }

    private static double Best(Action a)
    {
        for (var i = 0; i < 10; i++) a();
        var best = double.MaxValue;
        for (var i = 0; i < 50; i++)
        {
            var sw = Stopwatch.StartNew();
            a();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }
        return best;
    }
}
