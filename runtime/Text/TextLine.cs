namespace ImageAot.Runtime.Text;

/// <summary>
/// One line of text laid out as Scratch's Pango-based Unicode plugin lays it out: characters the
/// font lacks go to a fallback font, each run of one font and script is shaped, runs sit left
/// to right or right to left by a run-by-run simplification of the bidirectional algorithm
/// Pango runs. Its box is the logical box (the
/// advances across, the fonts' whole-pixel ascent + descent down) united with the ink, and the
/// logical origin moves right or down by what ink sticks out left or above; that box is what
/// measuring answers and where drawing puts the text.
/// </summary>
public sealed class TextLine
{
    /// <summary>The characters (code points) of the text.</summary>
    public int[] Chars { get; }
    public IReadOnlyList<ShapedRun> Runs { get; }

    /// <summary>Width and height of the box: the logical box united with the ink.</summary>
    public int Width { get; }
    public int Height { get; }
    /// <summary>Where the logical box's top-left corner lies in the box.</summary>
    public int OriginX { get; }
    public int OriginY { get; }

    public int LogicalWidth { get; }
    /// <summary>Distance from the logical top to the baseline, and from the baseline to the logical bottom.</summary>
    public int Ascent { get; }
    public int Descent { get; }

    /// <summary>Glyph coverage over the box, row by row (0 = none, 255 = full).</summary>
    public byte[] Coverage { get; }

    private readonly int[] xRanges;

    public TextLine(TextFont font, ReadOnlySpan<byte> utf8)
    {
        Chars = Utf8Chars.Decode(utf8);
        var runs = Itemize(font, Chars);
        runs = VisualOrder(runs, Chars);
        Runs = runs;
        Ascent = runs.Select(r => r.Font.Ascent).Append(font.Ascent).Max();
        Descent = runs.Select(r => r.Font.Descent).Append(font.Descent).Max();
        LogicalWidth = runs.Sum(r => r.Width);
        xRanges = CharacterRanges(runs, Chars.Length);

        var ink = GlyphMask.Render(runs, LogicalWidth, Ascent + Descent, Ascent);
        var left = Math.Min(0, ink.Left);
        var top = Math.Min(0, ink.Top);
        var right = Math.Max(LogicalWidth, ink.Right);
        var bottom = Math.Max(Ascent + Descent, ink.Bottom);
        Width = right - left;
        Height = bottom - top;
        OriginX = -left;
        OriginY = -top;
        Coverage = ink.Crop(left, top, Width, Height);
    }

    /// <summary>Pango's x-range of character <paramref name="index"/> in logical coordinates: leading edge, then trailing edge (right to left: right edge first).</summary>
    public (int Start, int End) XRange(int index) => (xRanges[2 * index], xRanges[2 * index + 1]);

    /// <summary>The direction of the run holding the first letter: the paragraph's direction, which orders the runs.</summary>
    private static bool StartsRightToLeft(List<ShapedRun> runs, int[] chars)
    {
        foreach (var run in runs)
            for (var i = run.Start; i < run.Start + run.Length; i++)
                if (System.Text.Rune.IsValid(chars[i]) && System.Text.Rune.IsLetter(new System.Text.Rune(chars[i]))) return run.RightToLeft;
        return false;
    }

    /// <summary>
    /// The runs in display order, by the bidirectional algorithm's levels taken run by run:
    /// right-to-left runs are odd, left-to-right letters even, digits after right-to-left text
    /// stay with it (shown to its left, still read left to right); then every stretch at or
    /// above each level, highest first, is reversed.
    /// </summary>
    private static List<ShapedRun> VisualOrder(List<ShapedRun> runs, int[] chars)
    {
        var paragraph = StartsRightToLeft(runs, chars) ? 1 : 0;
        var levels = new int[runs.Count];
        var afterRightToLeft = paragraph == 1;
        for (var r = 0; r < runs.Count; r++)
        {
            if (runs[r].RightToLeft) { levels[r] = 1; afterRightToLeft = true; }
            else if (IsNumber(runs[r], chars)) levels[r] = afterRightToLeft || paragraph == 1 ? 2 : 0;
            else { levels[r] = paragraph == 1 ? 2 : 0; afterRightToLeft = false; }
        }
        var order = runs.ToArray();
        for (var level = levels.DefaultIfEmpty(0).Max(); level >= 1; level--)
            for (var r = 0; r < order.Length;)
            {
                if (levels[r] < level) { r++; continue; }
                var end = r;
                while (end < order.Length && levels[end] >= level) end++;
                Array.Reverse(order, r, end - r);
                Array.Reverse(levels, r, end - r);
                r = end;
            }
        return order.ToList();
    }

    private static bool IsNumber(ShapedRun run, int[] chars)
    {
        var digits = false;
        for (var i = run.Start; i < run.Start + run.Length; i++)
        {
            if (chars[i] is >= '0' and <= '9') digits = true;
            else if (System.Text.Rune.IsValid(chars[i]) && System.Text.Rune.IsLetter(new System.Text.Rune(chars[i]))) return false;
        }
        return digits;
    }

    /// <summary>Splits the text where the font that can show it changes, and shapes each piece.</summary>
    private static List<ShapedRun> Itemize(TextFont font, int[] chars)
    {
        var runs = new List<ShapedRun>();
        var start = 0;
        TextFont? current = null;
        var script = HarfBuzzSharp.Script.Common;
        for (var i = 0; i < chars.Length; i++)
        {
            var f = FontFor(font, chars[i], current);
            var s = ScriptOf(chars[i]);
            var newScript = IsRealScript(s) && IsRealScript(script) && s != script;
            if (current is not null && (f != current || newScript))
            {
                runs.Add(ShapedRun.Shape(current, chars, start, i - start));
                start = i;
                script = HarfBuzzSharp.Script.Common;
            }
            current = f;
            if (IsRealScript(s)) script = s;
        }
        if (current is not null) runs.Add(ShapedRun.Shape(current, chars, start, chars.Length - start));
        return runs;
    }

    /// <summary>
    /// The script HarfBuzz shapes a character in; a run holds one script, so that Arabic in
    /// Latin text is shaped (joined, right to left) as Arabic. Spaces and punctuation (Common,
    /// Inherited) go with the run they are in; digits count as Latin, since they run left to
    /// right even inside right-to-left text.
    /// </summary>
    private static HarfBuzzSharp.Script ScriptOf(int c) =>
        c is >= '0' and <= '9' ? HarfBuzzSharp.Script.Latin : HarfBuzzSharp.UnicodeFunctions.Default.GetScript((uint)c);

    private static bool IsRealScript(HarfBuzzSharp.Script s) =>
        s != HarfBuzzSharp.Script.Common && s != HarfBuzzSharp.Script.Inherited && s != HarfBuzzSharp.Script.Unknown;

    /// <summary>
    /// The asked-for font when it has the character; else a fallback that has it. Spaces,
    /// controls and combining marks stay with the font before them, so a run is not broken
    /// for them.
    /// </summary>
    private static TextFont FontFor(TextFont font, int c, TextFont? previous)
    {
        if (ShapedRun.IsControl(c) || c == ' ') return previous ?? font;
        if (previous is not null && previous != font && IsMark(c) && previous.Covers(c)) return previous;
        if (font.Covers(c)) return font;
        return HostFonts.FallbackFor(font, c) ?? font;
    }

    private static bool IsMark(int c) =>
        c <= 0x10FFFF && !(c is >= 0xD800 and <= 0xDFFF) &&
        System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.EnclosingMark;

    /// <summary>
    /// Each character's span: its cluster's span (the glyphs that came from it), shared evenly
    /// among the characters of a cluster (a ligature), in the order of the run's direction.
    /// </summary>
    private static int[] CharacterRanges(List<ShapedRun> runs, int count)
    {
        var ranges = new int[2 * count];
        var x = 0;
        foreach (var run in runs)
        {
            var spans = new SortedDictionary<int, (int Left, int Right)>();
            for (var g = 0; g < run.Glyphs.Length; g++)
            {
                var cluster = run.Clusters[g];
                var span = (x, x + run.Advances[g]);
                spans[cluster] = spans.TryGetValue(cluster, out var known) ? (Math.Min(known.Left, span.Item1), Math.Max(known.Right, span.Item2)) : span;
                x += run.Advances[g];
            }
            var starts = spans.Keys.ToList();
            for (var k = 0; k < starts.Count; k++)
            {
                var first = starts[k];
                var end = k + 1 < starts.Count ? starts[k + 1] : run.Start + run.Length;
                var (left, right) = spans[first];
                var n = end - first;
                for (var c = 0; c < n; c++)
                {
                    double a = (right - left) * c / (double)n, b = (right - left) * (c + 1) / (double)n;
                    ranges[2 * (first + c)] = run.RightToLeft ? right - ShapedRun.Pixels(a) : left + ShapedRun.Pixels(a);
                    ranges[2 * (first + c) + 1] = run.RightToLeft ? right - ShapedRun.Pixels(b) : left + ShapedRun.Pixels(b);
                }
            }
        }
        return ranges;
    }
}
