namespace ImageAot.Runtime.Display;

/// <summary>
/// Squeak's fixed colour table for forms of 8 bits and less (Color class's indexed colours): white,
/// black, opaque white and half grey, the six primaries and secondaries, eighth greys, the other
/// thirty-second greys, then a 6x6x6 colour cube. Components are as the Unix VM shows them on a
/// true-colour screen (its 16-bit components cut to 8 bits), so screenshots match it.
/// </summary>
public static class SqueakPalette
{
    /// <summary>Index to 0xFFRRGGBB.</summary>
    public static readonly uint[] Argb = Build();

    private static uint[] Build()
    {
        var t = new uint[256];
        void Set(int i, int r, int g, int b) => t[i] = 0xFF000000u | (uint)(r << 16) | (uint)(g << 8) | (uint)b;
        void Gray(int i, int v) => Set(i, v, v, v);
        Gray(0, 255);          // transparent, shown as white
        Gray(1, 0);
        Gray(2, 255);
        Gray(3, 128);
        Set(4, 255, 0, 0);
        Set(5, 0, 255, 0);
        Set(6, 0, 0, 255);
        Set(7, 0, 255, 255);
        Set(8, 255, 255, 0);
        Set(9, 255, 0, 255);
        // Eighth greys: the Unix VM's 16-bit levels (8192·k, 40959, 49151, 57343) cut to 8 bits.
        Gray(10, 32);
        Gray(11, 64);
        Gray(12, 96);
        Gray(13, 159);
        Gray(14, 191);
        Gray(15, 223);
        // Thirty-second greys: the Unix VM's levels are 2048·k below half grey and 2048·k - 1
        // above it (34815 for 17/32, 61439 for 30/32), so the upper ones cut to 8·k - 1.
        var index = 16;
        for (var v = 1; v < 32; v++)
            if (v % 4 != 0) Gray(index++, v < 16 ? v * 8 : v * 8 - 1);
        for (var r = 0; r < 6; r++)
            for (var g = 0; g < 6; g++)
                for (var b = 0; b < 6; b++)
                    Set(40 + 36 * r + 6 * b + g, r * 51, g * 51, b * 51);
        return t;
    }
}
