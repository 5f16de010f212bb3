using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Hosting;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.Plugins;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Benchmarks;

/// <summary>
/// `text [IMAGE...]`: what the text primitives (scanCharacters 103 and primitiveDisplayString) save.
/// Each image times two jobs with its own clock (Time millisecondsToRun:), in the interpreter tier,
/// once with the primitives and once with them failing so that the methods' Smalltalk does the
/// work: a short string and a 120-character line drawn on a form 1000 times the image's usual way
/// (Squeak 2 displayOn:at:, Cuis a canvas's drawString:), and a wrapped paragraph composed and
/// displayed 100 times. Best of 3 fresh loads each.
/// </summary>
public static class TextBenchmark
{
    private sealed record Job(string Name, string Expr);

    private const string Text = "'The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs. How vexingly quick daft zebras jump.'";

    private static Job[] JobsFor(string draw, string paragraph) =>
    [
        new("'hello world' x1000", $"| f s | f := Form extent: 600@40 depth: 32. s := 'hello world'. Time millisecondsToRun: [1000 timesRepeat: [{draw}]]"),
        new("120 chars x1000", $"| f s | f := Form extent: 600@40 depth: 32. s := {Text}. Time millisecondsToRun: [1000 timesRepeat: [{draw}]]"),
        new("paragraph x100", $"| f t r p | f := Form extent: 150@300 depth: 32. t := {Text}. r := 0@0 extent: 120@300. Time millisecondsToRun: [100 timesRepeat: [{paragraph}]]"),
    ];

    private static readonly Dictionary<string, Job[]> Jobs = new()
    {
        ["squeak2-mini.image"] = JobsFor("s displayOn: f at: 2@2",
            "(Paragraph withText: t asText style: TextStyle default compositionRectangle: r clippingRectangle: r foreColor: Color black backColor: Color white) displayOn: f"),
        ["cuis4.1-reduced.image"] = JobsFor("f getCanvas drawString: s at: 2@2 font: nil color: Color black",
            "p := Paragraph new. p setModel: (TextModel withText: t asText). p extentForComposing: 120@9999. p composeAll. "
            + "f getCanvas paragraph: p bounds: (0@0 extent: 150@300) color: Color black selectionColor: Color red"),
        ["cuis5.0-spur32.image"] = JobsFor("f getCanvas drawString: s at: 2@2 font: nil color: Color black",
            "p := TextComposition new. p setModel: (TextModel withText: t asText). p extentForComposing: 120@9999. p composeAll. "
            + "f getCanvas textComposition: p bounds: (0@0 extent: 150@300) color: Color black selectionColor: Color red"),
    };

    public static int Run(string[] args)
    {
        var shared = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../shared"));
        var images = args.Length > 0 ? args.ToList() : Jobs.Keys.ToList();
        Console.WriteLine($"{"image",-24} {"job",-20} {"primitives",11} {"fallback",10} {"speed-up",9}");
        foreach (var name in images)
        {
            if (!Jobs.TryGetValue(Path.GetFileName(name), out var jobs)) { Console.Error.WriteLine($"text: no jobs for {name}"); return 1; }
            var path = File.Exists(name) ? name : Path.Combine(shared, "images", name);
            foreach (var job in jobs)
            {
                var with = Best(path, job.Expr, primitives: true);
                var without = Best(path, job.Expr, primitives: false);
                Console.WriteLine($"{Path.GetFileName(name),-24} {job.Name,-20} {with.Ms,8} ms {without.Ms,7} ms {(double)without.Ms / Math.Max(1, with.Ms),8:F1}x   {with.Answered}/{with.Calls} calls answered");
            }
        }
        return 0;
    }

    /// <summary>The best time of three fresh loads, and how many of the last round's text primitive calls succeeded.</summary>
    private static (long Ms, int Answered, int Calls) Best(string image, string expr, bool primitives)
    {
        var best = long.MaxValue;
        int answered = 0, calls = 0;
        for (var round = 0; round < 3; round++)
        {
            answered = calls = 0;
            var table = PrimitiveTable.CreateStandard();
            foreach (var (index, name) in new[] { (103, ""), (0, "primitiveDisplayString") })
            {
                var real = index > 0 ? table.Numbered(index)! : table.Named(BitBltPlugin.Module, name)!;
                Primitive counted = (vm, n) =>
                {
                    calls++;
                    var ok = primitives && real(vm, n);
                    if (ok) answered++;
                    return ok;
                };
                if (index > 0) table.Add(index, counted);
                else table.AddNamed(BitBltPlugin.Module, name, counted);
            }
            var vm = new Interpreter(ImageReader.Load(image), table) { ImagePath = image, Timeout = TimeSpan.FromMinutes(5) };
            var r = new Evaluator(vm).Evaluate(expr);
            if (!r.Ok || !long.TryParse(r.Text, out var ms)) throw new InvalidOperationException($"{Path.GetFileName(image)}: {expr} answered {r.Text}");
            best = Math.Min(best, ms);
        }
        return (best, answered, calls);
    }
}
