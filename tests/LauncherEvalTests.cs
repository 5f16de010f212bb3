using Xunit;

namespace ImageAot.Tests;

/// <summary>`launcher eval` and `launcher run --headless` as a user runs them: output, one-line errors, exit codes, limits.</summary>
public class LauncherEvalTests
{
    private static string Image(string name) => TestImages.PathOf(name);

    [Fact]
    public void Eval_prints_the_printString_and_exits_0()
    {
        var r = LauncherCli.Run("eval", Image("squeak2-mini.image"), "3 + 4");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("7", r.Stdout.Trim());
    }

    [Theory]
    [InlineData("squeak2-mini.image", "1/0", "division by 0")]
    [InlineData("squeak2-mini.image", "nil foo", "doesNotUnderstand: #foo")]
    [InlineData("squeak2-mini.image", "self error: 'boom'", "boom")]
    [InlineData("cuis5.0-spur32.image", "1/0", "ZeroDivide")]
    [InlineData("cuis5.0-spur32.image", "nil foo", "MessageNotUnderstood")]
    [InlineData("cuis4.1-reduced.image", "self error: 'boom'", "boom")]
    public void An_error_in_the_expression_prints_one_line_and_exits_1(string image, string expr, string expected)
    {
        var r = LauncherCli.Run("eval", Image(image), expr);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
    }

    /// <summary>
    /// Images without exceptions (Squeak 1.x/2.x, Scratch) hand an error to the process's
    /// errorHandler, which ifError: installs, before any debugger: such an error is handled, so eval
    /// answers the handler's value; the same error outside ifError: still ends eval with one line.
    /// </summary>
    [Theory]
    [InlineData("nil foo", "foo")]
    [InlineData("self error: 'boom'", "boom")]
    public void An_error_inside_ifError_reaches_the_images_handler(string expr, string message)
    {
        var handled = LauncherCli.Run("eval", Image("squeak2-mini.image"), $"[{expr}] ifError: [:text :receiver | 'handled: ', text]");
        Assert.True(handled.ExitCode == 0, handled.Stderr);
        Assert.StartsWith("'handled: ", handled.Stdout.Trim());
        Assert.Contains(message, handled.Stdout);
        var unhandled = LauncherCli.Run("eval", Image("squeak2-mini.image"), expr);
        Assert.Equal(1, unhandled.ExitCode);
        Assert.Contains(message, unhandled.Stderr);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_a_one_line_error()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("imageaot-eval").FullName, "garbage.dll");
        File.WriteAllBytes(file, [1, 2, 3, 4, 5]);
        var r = LauncherCli.Run("eval", Image("squeak2-mini.image"), "3 + 4", "--assembly", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"error: {file} is not an ImageAot assembly", r.Stderr.Trim());
    }

    [Fact]
    public void Eval_reads_the_expression_from_a_file()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("imageaot-eval").FullName, "script.st");
        File.WriteAllText(file, "| a b |\na := 6.\nb := 7.\na * b");
        var r = LauncherCli.Run("eval", Image("cuis5.0-spur32.image"), "--file", file);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("42", r.Stdout.Trim());
    }

    [Fact]
    public void Runaway_evaluation_ends_at_the_timeout()
    {
        var r = LauncherCli.Run("eval", Image("cuis5.0-spur32.image"), "[true] whileTrue", "--timeout", "2");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("error: evaluation timed out", r.Stderr.Trim());
    }

    [Fact]
    public void A_block_reentered_in_a_Blue_Book_image_is_the_images_own_error() =>
        Assert.Contains("already being evaluated",
            LauncherCli.Run("eval", Image("squeak2-mini.image"), "| b | b := nil. b := [:n | (b value: n + 1) + 1]. b value: 0").Stderr);

    [Fact]
    public void Infinite_recursion_ends_at_the_heap_limit_with_a_clear_error()
    {
        var r = LauncherCli.Run("eval", Image("cuis5.0-spur32.image"), "| b | b := nil. b := [:n | (b value: n + 1) + 1]. b value: 0", "--max-heap", "400");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("heap limit", r.Stderr);
    }

    [Fact]
    public void An_image_without_a_compiler_gets_a_clear_error()
    {
        var r = LauncherCli.Run("eval", Image("pharo8-kernel-spur64.image"), "3 + 4");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no compiler", r.Stderr);
    }

    [Fact]
    public void Eval_without_an_expression_is_a_usage_error()
    {
        var r = LauncherCli.Run("eval", Image("squeak2-mini.image"));
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error:", r.Stderr.Trim());
    }

    [Fact]
    public void Run_headless_resumes_the_snapshot_prints_its_console_output_and_quits()
    {
        var r = LauncherCli.Run("run", Image("squeakjs-headless-spur32.image"), "--headless", "--timeout", "60");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Smalltalk image fired up!", r.Stdout);
        Assert.Contains("3 + 4 = 7", r.Stdout);
    }

    [Fact]
    public void Missing_primitives_are_reported_once_each_with_trace_missing()
    {
        var r = LauncherCli.Run("eval", Image("cuis5.0-spur32.image"), "3 + 4", "--trace-missing");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.StartsWith("missing primitive: ", l));
        Assert.Equal(lines.Length, lines.Distinct().Count());
    }

    [Theory]
    [InlineData("cuis5.0-spur32.image", "1008@532")]
    [InlineData("squeak2-mini.image", "640@480")]
    public void Eval_runs_the_images_start_up_first_so_Display_and_Sensor_exist(string image, string extent)
    {
        var r = LauncherCli.Run("eval", Image(image), "Display extent printString , ' ' , Sensor class name");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith($"'{extent} ", r.Stdout.Trim());
        Assert.EndsWith("Sensor'", r.Stdout.Trim());
    }

    [Fact]
    public void Eval_of_an_image_whose_start_up_is_a_script_that_quits_still_evaluates()
    {
        // squeak2-mini's start-up runs to its world; a headless script image quits at the end of its start-up
        var r = LauncherCli.Run("eval", Image("squeakjs-headless-spur32.image"), "3 + 4");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no compiler", r.Stderr);
        Assert.Contains("3 + 4 = 7", r.Stdout);
    }

    [Fact]
    public void Eval_without_start_up_skips_it() =>
        Assert.Equal("7", LauncherCli.Run("eval", "--no-startup", Image("cuis5.0-spur32.image"), "3 + 4").Stdout.Trim());
}
