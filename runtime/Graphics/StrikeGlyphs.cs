using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Graphics;

/// <summary>
/// Where a strike font keeps each character's picture: all glyphs side by side in one form, the
/// xTable giving the left edge of glyph g at index g (0-based; g + 1 holds its right edge), and,
/// from Squeak 3 on, a 256-entry map from a character code to its glyph index. Squeak 1.x/2.x fonts
/// have no map: the code is the glyph index. Anything that is not laid out this way (another
/// kind of font, an entry that is not a SmallInteger) is refused, so text primitives fail and the
/// image's own code measures the text.
/// </summary>
public readonly struct StrikeGlyphs
{
    private readonly Value[] xTable;
    private readonly Value[]? map;

    private StrikeGlyphs(Value[] xTable, Value[]? map)
    {
        this.xTable = xTable;
        this.map = map;
    }

    /// <summary>Characters this table can answer for: the map's size, or (without a map) as many as the xTable has glyphs.</summary>
    public int Codes => map?.Length ?? Math.Max(0, xTable.Length - 1);

    /// <summary>
    /// An xTable and, when <paramref name="withMap"/>, a glyph map, both Arrays
    /// (<paramref name="arrayClass"/>) as StrikeFont makes them; the map has one entry per byte.
    /// </summary>
    public static bool TryLoad(Value xTable, Value map, bool withMap, SqObject arrayClass, out StrikeGlyphs glyphs)
    {
        glyphs = default;
        if (xTable.Ref is not PointersObject x || !ReferenceEquals(x.Class, arrayClass) || x.Slots.Length < 2) return false;
        if (!withMap)
        {
            glyphs = new StrikeGlyphs(x.Slots, null);
            return true;
        }
        if (map.Ref is not PointersObject m || !ReferenceEquals(m.Class, arrayClass) || m.Slots.Length != 256) return false;
        glyphs = new StrikeGlyphs(x.Slots, m.Slots);
        return true;
    }

    /// <summary>
    /// The glyph of character <paramref name="code"/>: its left edge in the font's form and its width.
    /// False when the code is outside the map, the glyph outside the xTable, or an entry is not a
    /// SmallInteger of reasonable size.
    /// </summary>
    public bool TryGlyph(int code, out int left, out int width) => TryGlyph(code, out _, out left, out width);

    /// <summary>As the other TryGlyph, also answering the glyph's index.</summary>
    public bool TryGlyph(int code, out int glyphIndex, out int left, out int width)
    {
        glyphIndex = left = width = 0;
        if ((uint)code >= (uint)Codes) return false;
        long glyph = code;
        if (map is not null)
        {
            var g = map[code];
            if (!g.IsSmallInt) return false;
            glyph = g.SmallIntValue;
        }
        if (glyph < 0 || glyph > xTable.Length - 2) return false;
        Value l = xTable[glyph], r = xTable[glyph + 1];
        const long limit = 1 << 24;
        if (!l.IsSmallInt || !r.IsSmallInt || Math.Abs(l.SmallIntValue) > limit || Math.Abs(r.SmallIntValue) > limit) return false;
        glyphIndex = (int)glyph;
        left = (int)l.SmallIntValue;
        width = (int)(r.SmallIntValue - l.SmallIntValue);
        return true;
    }
}
