using System.Globalization;
using Xunit;
using Xunit.Abstractions;

namespace ImageAot.Tests;

/// <summary>
/// Our headless screenshots of Scratch beside squeakvm's, taken at the same time (squeakvm
/// mostly waits for its screen to settle, so our run goes alongside it).
/// </summary>
public static class ScratchScreens
{
    /// <summary>The bar: Scratch looks as it does on squeakvm when this share of the pixels is equal.</summary>
    public const double MinEqualPercent = 97.0;

    /// <summary>
    /// `launcher run Scratch.image [DOCUMENT] --headless --screenshot` after <paramref name="afterSeconds"/>
    /// (interpreter and whatever compiled code the launcher finds); the run must last until then and
    /// end normally, which is also how a hang or crash on bad input would show.
    /// </summary>
    public static string Ours(string directory, string label, int afterSeconds, string? document)
    {
        var png = Path.Combine(directory, label + ".png");
        List<string> args = ["run", ScratchFiles.Image];
        if (document is not null) args.Add(document);
        args.AddRange(["--headless", "--screenshot", png, "--after", afterSeconds.ToString(CultureInfo.InvariantCulture)]);
        var run = LauncherCli.Run([.. args]);
        Assert.True(run.ExitCode == 0 && File.Exists(png), $"launcher run Scratch {document} failed (exit {run.ExitCode}): {run.Stdout}{run.Stderr}");
        return png;
    }

    /// <summary>
    /// Takes our screenshot while <paramref name="reference"/> is being made, compares them and,
    /// below <see cref="MinEqualPercent"/>, looks once more twice as late (a machine busy with other
    /// tests may slow our start-up). Answers the comparison and our picture.
    /// </summary>
    public static (ReferenceScreens.Comparison Comparison, string Ours) Compare(string directory, Func<ReferenceScreens.Reference> reference,
        int afterSeconds, string? document, ITestOutputHelper output)
    {
        var capture = Task.Run(reference);
        var ours = Ours(directory, "ours", afterSeconds, document);
        var comparison = ReferenceScreens.Compare(ours, capture.GetAwaiter().GetResult(), Path.Combine(directory, "diff.png"));
        if (comparison.EqualPercent < MinEqualPercent)
        {
            output.WriteLine($"after {afterSeconds} s: {comparison.Output}");
            ours = Ours(directory, "ours-later", 2 * afterSeconds, document);
            comparison = ReferenceScreens.Compare(ours, capture.Result, Path.Combine(directory, "diff.png"));
        }
        output.WriteLine($"{capture.Result.Output}; {comparison.Output}");
        Assert.True(comparison.SameSize, $"our screen and squeakvm's differ in size: {comparison.Output}");
        Assert.True(comparison.EqualPercent >= MinEqualPercent,
            $"{comparison.EqualPercent.ToString(CultureInfo.InvariantCulture)}% of the pixels equal squeakvm's, below {MinEqualPercent}%: {comparison.Output}");
        return (comparison, ours);
    }
}
