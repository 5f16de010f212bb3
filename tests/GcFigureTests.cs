using System.Text.RegularExpressions;
using Xunit;

namespace ImageAot.Tests;

/// <summary>bytesLeft, garbageCollect and vmParameterAt: answer real, consistent figures.</summary>
public class GcFigureTests
{
    public static readonly TheoryData<string> Cuis = new() { "cuis4.1-reduced.image", "cuis5.0-spur32.image" };

    private static long[] Numbers(string printed) =>
        Regex.Matches(printed, @"-?\d+").Select(m => long.Parse(m.Value)).ToArray();

    [Theory, MemberData(nameof(Cuis))]
    public void The_statistics_report_shows_memory_and_collections(string image)
    {
        var report = SmalltalkSession.Print(image, "Smalltalk garbageCollect. Utilities vmStatisticsReportString");
        long Figure(string label) => long.Parse(Regex.Match(report, label + @"\s+([\d,]+)").Groups[1].Value.Replace(",", ""));
        Assert.True(Figure("memory") > 0, report);
        Assert.True(Figure("used") > 0, report);
        Assert.True(Figure("free") > 0, report);
        Assert.True(Figure("GCs") > 0, report);
        Assert.True(Figure("full") > 0, report);
    }

    [Theory, MemberData(nameof(Cuis))]
    public void Sizes_are_positive_and_ordered_and_free_space_matches_bytes_left(string image)
    {
        var p = Numbers(SmalltalkSession.Print(image,
            "Array with: (Smalltalk vmParameterAt: 1) with: (Smalltalk vmParameterAt: 2) with: (Smalltalk vmParameterAt: 3) with: Smalltalk primBytesLeft"));
        Assert.True(p[0] > 0 && p[0] <= p[1] && p[1] < p[2], string.Join(" ", p));
        // bytesLeft is measured a moment later than vmParameterAt: 2: allow what evaluating allocates in between.
        Assert.InRange(p[3], p[2] - p[1] - (64 << 20), p[2] - p[1] + (64 << 20));
    }

    [Theory, MemberData(nameof(Cuis))]
    public void Collection_counts_and_times_grow_after_garbage_collections(string image)
    {
        var p = Numbers(SmalltalkSession.Print(image,
            "| before | before := Smalltalk getVMParameters copy. Smalltalk garbageCollect; garbageCollect; garbageCollectMost. " +
            "Array with: (before at: 7) with: (Smalltalk vmParameterAt: 7) with: (before at: 9) with: (Smalltalk vmParameterAt: 9) with: (Smalltalk vmParameterAt: 8)"));
        Assert.True(p[1] >= p[0] + 2, $"full GCs {p[0]} -> {p[1]}");
        Assert.True(p[3] >= p[2] + 3, $"incremental GCs {p[2]} -> {p[3]}");
        Assert.True(p[4] >= 0);
    }

    [Theory, MemberData(nameof(Cuis))]
    public void Settable_parameters_answer_the_previous_value_and_read_back(string image) =>
        Assert.Equal("#(4000 1234)", SmalltalkSession.Print(image,
            "Smalltalk vmParameterAt: 5 put: 4000. Array with: (Smalltalk vmParameterAt: 5 put: 1234) with: (Smalltalk vmParameterAt: 5)"));

    [Fact]
    public void Word_size_and_image_format_are_parameters_40_and_41() =>
        Assert.Equal("#(4 6521)", SmalltalkSession.Print("cuis5.0-spur32.image",
            "Array with: (Smalltalk vmParameterAt: 40) with: (Smalltalk vmParameterAt: 41)"));

    [Fact]
    public void Garbage_collection_answers_the_free_space() =>
        Assert.Equal("true", SmalltalkSession.Print("cuis5.0-spur32.image",
            "Smalltalk primitiveGarbageCollect > 1000000 and: [Smalltalk garbageCollectMost > 1000000]"));
}
