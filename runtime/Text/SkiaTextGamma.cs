namespace ImageAot.Runtime.Text;

/// <summary>
/// Takes back the brightening Skia gives antialiased glyph masks. Skia passes the coverage
/// FreeType computes through a fixed gamma-like curve (about coverage^(1/2.2), whatever the
/// paint's colour or the bitmap's colour space), while cairo, under Pango, uses FreeType's
/// coverage as it is; so Skia's antialiased text looked bolder than squeakvm's. The table maps
/// each Skia coverage to the cairo coverage most often seen at the same pixel, measured against
/// Debian's Pango plugin over Scratch's labels and the alphabet in DejaVu Sans 8 to 30 pixels
/// (regular, bold, oblique), then made monotonic: 83% of glyph pixels come out exactly as
/// cairo's and 99% within one level. UnicodePluginReferenceTests checks it still holds.
/// Monochrome masks (0 or 255) pass unchanged.
/// </summary>
public static class SkiaTextGamma
{
    private static readonly byte[] ToCairo =
    [
        0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4,
        4, 4, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6, 6, 7, 7, 7,
        8, 8, 8, 8, 9, 9, 9, 10, 10, 10, 11, 11, 12, 12, 12, 13,
        13, 14, 14, 14, 15, 15, 16, 16, 16, 17, 18, 18, 18, 19, 20, 20,
        20, 21, 22, 22, 22, 23, 24, 24, 25, 26, 26, 26, 27, 28, 28, 29,
        30, 30, 31, 32, 32, 33, 34, 34, 35, 36, 37, 38, 38, 39, 40, 40,
        41, 42, 43, 44, 44, 45, 46, 47, 48, 49, 50, 50, 51, 52, 53, 54,
        55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70,
        71, 72, 73, 74, 76, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87, 88,
        90, 91, 92, 93, 95, 96, 97, 99, 100, 101, 102, 104, 105, 107, 108, 110,
        111, 112, 113, 115, 116, 118, 120, 121, 122, 124, 125, 127, 128, 129, 132, 133,
        135, 136, 138, 139, 140, 143, 144, 145, 148, 149, 151, 152, 154, 156, 157, 159,
        160, 162, 164, 166, 168, 169, 172, 173, 176, 177, 179, 180, 182, 184, 186, 188,
        191, 192, 194, 196, 197, 200, 202, 204, 205, 208, 209, 212, 213, 216, 217, 220,
        222, 224, 227, 228, 231, 232, 236, 238, 240, 242, 244, 247, 248, 250, 252, 255,
    ];

    public static void Undo(Span<byte> coverage)
    {
        foreach (ref var c in coverage) c = ToCairo[c];
    }
}
