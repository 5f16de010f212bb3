using System.Text.Json;
using Xunit;

namespace ImageAot.Tests;

public class LauncherInfoTests
{
    [Theory]
    [InlineData("squeak2-mini.image", 6502, "little", 4, 17_692, "SystemDictionary>>snapshot:andQuit:")]
    [InlineData("squeak2.2-bigendian.image", 6502, "big", 4, 70_200, "SystemDictionary>>snapshot:andQuit:")]
    [InlineData("bootstrapped-closures.image", 6505, "little", 4, 2_525, "[] in PCProcessorScheduler>>installStartProcess")]
    [InlineData("cuis5.0-spur32.image", 6521, "little", 4, 80_761, "[] in SystemDictionary>>snapshot:andQuit:embedded:clearAllClassState:")]
    [InlineData("squeakjs-headless-spur32.image", 6521, "little", 4, 2_443, "UndefinedObject>>DoIt")]
    [InlineData("pharo8-kernel-spur64.image", 68021, "little", 8, 29_895, "UndefinedObject>>DoIt")]
    public void Info_json_has_the_documented_fields(string name, int format, string byteOrder, int wordSize, int objects, string topContext)
    {
        var run = LauncherCli.Run("info", TestImages.PathOf(name), "--json");
        Assert.Equal(0, run.ExitCode);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(format, json.GetProperty("format").GetInt32());
        Assert.Equal(byteOrder, json.GetProperty("byteOrder").GetString());
        Assert.Equal(wordSize, json.GetProperty("wordSize").GetInt32());
        Assert.Equal(wordSize == 8 ? 128 : 64, json.GetProperty("headerSize").GetInt32());
        Assert.True(json.GetProperty("heapBytes").GetInt64() > 0);
        Assert.Equal(objects, json.GetProperty("objectCount").GetInt32());
        var classes = json.GetProperty("classCount").GetInt32();
        Assert.True(classes > 40);
        Assert.Equal(classes, json.GetProperty("metaclassCount").GetInt32());
        var methods = json.GetProperty("compiledMethodCount").GetInt32();
        var inDictionaries = json.GetProperty("methodDictionaryMethodCount").GetInt32();
        Assert.InRange(inDictionaries, methods - 20, methods);
        var specials = json.GetProperty("specialClasses");
        foreach (var index in new[] { "5", "6", "7", "9", "12", "16", "18", "19" })
            Assert.False(string.IsNullOrEmpty(specials.GetProperty(index).GetString()));
        Assert.EndsWith("SmallInteger", specials.GetProperty("5").GetString());
        Assert.EndsWith("CompiledMethod", specials.GetProperty("16").GetString());
        var contexts = json.GetProperty("activeContext").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(topContext, contexts[0]);
        Assert.InRange(contexts.Count, 1, 30);
        var sets = json.GetProperty("bytecodeSets");
        Assert.Equal(methods, sets.GetProperty("V3").GetInt32() + sets.GetProperty("SistaV1").GetInt32());
    }

    [Fact]
    public void Active_context_is_cut_at_30_frames()
    {
        var run = LauncherCli.Run("info", TestImages.PathOf("cuis4.1-reduced.image"), "--json");
        var contexts = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("activeContext").EnumerateArray().ToList();
        Assert.Equal(30, contexts.Count);
        Assert.Equal("[] in MenuItemMorph>>invokeWithEvent:", contexts[5].GetString());
    }

    [Fact]
    public void Info_reads_as_text_by_default()
    {
        var run = LauncherCli.Run("info", TestImages.PathOf("squeak2-mini.image"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("6502", run.Stdout);
        Assert.Contains("17,692", run.Stdout);
        Assert.Contains("ScreenController>>snapshot", run.Stdout);
    }

    public static IEnumerable<object[]> BadFiles()
    {
        yield return ["missing", Array.Empty<byte>(), "no such file"];
        yield return ["empty", Array.Empty<byte>(), "empty"];
        yield return ["text", "not an image at all"u8.ToArray(), "not a Squeak image"];
        yield return ["truncated", TestImages.Bytes("squeak2-mini.image")[..5000], "truncated"];
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_input_gives_one_line_and_a_nonzero_exit(string kind, byte[] content, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"imageaot-bad-{Guid.NewGuid():N}.image");
        if (kind != "missing") File.WriteAllBytes(path, content);
        try
        {
            foreach (var args in new[] { new[] { "info", path }, ["save", path, path + ".out"] })
            {
                var run = LauncherCli.Run(args);
                Assert.Equal(1, run.ExitCode);
                Assert.Equal("", run.Stdout);
                var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith("error:", line);
                Assert.Contains(expected, line);
                Assert.False(File.Exists(path + ".out"));
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_wrong_argument_is_refused_without_a_stack_trace()
    {
        var run = LauncherCli.Run("info");
        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Stderr + run.Stdout);
    }

    [Fact]
    public void Save_writes_an_image_that_info_reads()
    {
        var output = Path.Combine(Path.GetTempPath(), $"imageaot-cli-{Guid.NewGuid():N}.image");
        try
        {
            var save = LauncherCli.Run("save", TestImages.PathOf("squeak2.2-bigendian.image"), output);
            Assert.Equal(0, save.ExitCode);
            var info = JsonDocument.Parse(LauncherCli.Run("info", output, "--json").Stdout).RootElement;
            Assert.Equal("big", info.GetProperty("byteOrder").GetString());
            Assert.Equal(70_200, info.GetProperty("objectCount").GetInt32());
        }
        finally { File.Delete(output); }
    }
}
