namespace ImageAot.Runtime.Graphics;

public sealed partial class Blit
{
    // The union of what a run of glyph copies changed (see BeginGlyphRun).
    private bool runEmpty = true;
    private int runLeft, runTop, runRight, runBottom;

    /// <summary>
    /// True when <see cref="CopyGlyph"/> can draw with this operation: text primitives check it
    /// before drawing the first glyph, so that they never fail halfway through a string (the
    /// image's code would then draw the glyphs already drawn a second time). The translucent
    /// rules 30 and 31 take their alpha from an argument the text primitives do not have.
    /// </summary>
    public bool CanDrawGlyphs => Validate() is null && !NeedsDithering && Rule is not (30 or 31);

    /// <summary>Starts a run of glyph copies: from here on the affected area grows to cover each of them.</summary>
    public void BeginGlyphRun() => runEmpty = true;

    /// <summary>
    /// Copies one glyph: the columns <paramref name="sourceX"/> .. +<paramref name="width"/> of the
    /// font's form to <paramref name="destX"/>, with every other field (destY, height, sourceY, rule,
    /// clipping, colour map) as loaded. This is what the images' Smalltalk does per character: set
    /// sourceX, width and destX, then copyBits.
    /// </summary>
    public void CopyGlyph(int sourceX, int width, int destX)
    {
        SourceX = sourceX;
        Width = width;
        DestX = destX;
        CopyBits();
        if (AffectedRight <= AffectedLeft || AffectedBottom <= AffectedTop) return;
        if (runEmpty)
        {
            (runLeft, runTop, runRight, runBottom) = (AffectedLeft, AffectedTop, AffectedRight, AffectedBottom);
            runEmpty = false;
            return;
        }
        runLeft = Math.Min(runLeft, AffectedLeft);
        runTop = Math.Min(runTop, AffectedTop);
        runRight = Math.Max(runRight, AffectedRight);
        runBottom = Math.Max(runBottom, AffectedBottom);
    }

    /// <summary>Ends a run: the affected area becomes the whole run's (empty when no glyph changed anything).</summary>
    public void EndGlyphRun()
    {
        if (runEmpty) AffectedLeft = AffectedTop = AffectedRight = AffectedBottom = 0;
        else (AffectedLeft, AffectedTop, AffectedRight, AffectedBottom) = (runLeft, runTop, runRight, runBottom);
    }
}
