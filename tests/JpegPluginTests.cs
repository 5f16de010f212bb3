using Xunit;

namespace ImageAot.Tests;

/// <summary>JPEGReadWriter2Plugin through Cuis 5's JPEGReadWriter2: round trips of 32-, 16- (odd widths too) and 8-bit gray forms.</summary>
public class JpegPluginTests
{
    private const string Image = "cuis5.0-spur32.image";

    /// <summary>A form with a smooth picture (JPEG keeps those close), its round trip, and the mean difference per channel.</summary>
    private static string RoundTrip(string makeForm, string makeTarget) => SmalltalkSession.Print(Image,
        "| f bytes read n | f := " + makeForm + ". "
        + "0 to: f height - 1 do: [:y | 0 to: f width - 1 do: [:x | f colorAt: x@y put: (Color r: x / f width g: y / f height b: 0.5)]]. "
        + "bytes := JPEGReadWriter2 new compress: f quality: 90 progressiveJPEG: false. "
        + "read := " + makeTarget + ". JPEGReadWriter2 new uncompress: bytes into: read. "
        + "n := f width * f height * 3. "
        + "{read nativeDepth. read extent. ((f pixelCompare: f boundingBox with: read at: 0@0) / n) rounded}");

    [Theory]
    [InlineData(32, 64)]
    [InlineData(32, 61)]
    [InlineData(16, 62)]
    [InlineData(16, 61)]
    public void Colour_forms_survive_a_round_trip_at_any_width(int depth, int width)
    {
        var r = RoundTrip($"Form extent: {width}@40 depth: {depth}", $"Form extent: {width}@40 depth: {depth}");
        var parts = r.Trim('#', '(', ')', ' ').Split(' ');
        Assert.Equal(depth.ToString(), parts[0].TrimStart('-'));
        Assert.Equal($"{width}@40", parts[1]);
        Assert.True(int.Parse(parts[2]) < 8, $"mean difference {parts[2]} per channel");
    }

    [Fact]
    public void A_gray_form_is_written_as_a_grayscale_JPEG_and_read_back_as_a_gray_form()
    {
        var r = SmalltalkSession.Print(Image,
            "| f bytes read | f := (Form extent: 61@30 depth: 32) fillColor: (Color gray: 0.5); asGrayForm. "
            + "bytes := JPEGReadWriter2 new compress: f quality: 90 progressiveJPEG: false. "
            + "read := JPEGReadWriter2 new uncompress: bytes into: nil. "
            + "{JPEGReadWriter2 new supportsGrayForms. f nativeDepth. read nativeDepth. read extent. ((read pixelValueAt: 30@15) - (f pixelValueAt: 30@15)) abs < 3}");
        Assert.Equal("#(true -8 -8 61@30 true)", r);
    }

    /// <summary>
    /// The C plugin swallows libjpeg's errors: bytes that are not a JPEG (or whose header breaks
    /// off) read as a 0@0 image and nothing fails, which Scratch's FastJPEG relies on. A real JPEG
    /// beside them still reads at its size.
    /// </summary>
    [Fact]
    public void Bytes_that_are_not_a_JPEG_read_as_an_empty_image_without_failing()
    {
        var r = SmalltalkSession.Print(Image,
            "| bad text good | bad := #[255 216 255 224 1 2 3 4 5 6 7 8 9] , (ByteArray new: 100 withAll: 7). text := 'not a JPEG at all' asByteArray. "
            + "good := JPEGReadWriter2 new compress: (Form extent: 21@13 depth: 32) quality: 90 progressiveJPEG: false. "
            + "{JPEGReadWriter2 new imageExtent: bad. (JPEGReadWriter2 new uncompress: bad into: nil) extent. JPEGReadWriter2 new imageExtent: text. "
            + "(JPEGReadWriter2 new uncompress: good into: nil) extent}");
        Assert.Equal("#(0@0 0@0 0@0 21@13)", r);
    }
}
