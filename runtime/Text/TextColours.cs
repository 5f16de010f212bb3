namespace ImageAot.Runtime.Text;

/// <summary>
/// The colours text is drawn in, as 0xRRGGBB. A background of 0 (black) is never painted: the
/// plugin keeps the form's own pixels there, which is how Scratch gets a transparent
/// background (it asks for Color transparent, whose components are all 0).
/// </summary>
public readonly record struct TextColours(uint Foreground, uint Background, bool MapBackgroundToTransparent)
{
    /// <summary>Before the image sets colours: black text, nothing painted behind it.</summary>
    public static readonly TextColours Initial = new(0, 0, false);

    public static TextColours FromComponents(long fgR, long fgG, long fgB, long bgR, long bgG, long bgB, bool map) =>
        new(Rgb(fgR, fgG, fgB), Rgb(bgR, bgG, bgB), map);

    // Each component is taken modulo 256, as the plugin masks them.
    private static uint Rgb(long r, long g, long b) => (uint)(r & 255) << 16 | (uint)(g & 255) << 8 | (uint)(b & 255);
}
