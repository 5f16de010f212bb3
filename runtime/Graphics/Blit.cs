namespace ImageAot.Runtime.Graphics;

/// <summary>
/// One BitBlt operation: the fields of a Smalltalk BitBlt in .NET form (see <see cref="BlitLoader"/>),
/// clipping, and the choice of copy loop. Set the fields, check <see cref="Validate"/>, then call
/// <see cref="CopyBits"/> (once, or per point of a line, see <see cref="DrawLoop"/>).
///
/// The copy loops are marked AggressiveOptimization: a drawing session makes a few thousand calls
/// of large copies, which would otherwise run for their first hundred milliseconds in the
/// unoptimised first tier, several times slower.
/// </summary>
public sealed partial class Blit
{
    public int Rule;
    public Surface Dest;
    /// <summary>Meaningful only when <see cref="HasSource"/>.</summary>
    public Surface Source;
    public bool HasSource;
    /// <summary>One word a destination row (row y uses word y mod length), or null for all ones.</summary>
    public uint[]? Halftone;
    public int HalftoneRows;
    public PixelMap Map;
    public int DestX, DestY, Width, Height, SourceX, SourceY;
    public int ClipX, ClipY, ClipWidth, ClipHeight;
    /// <summary>The constant alpha of rules 30 and 31 (0–255).</summary>
    public uint SourceAlpha = 255;

    /// <summary>What rules 22 and 32 add up.</summary>
    public long BitCount;

    /// <summary>The destination area the last copy changed (empty when it changed nothing).</summary>
    public int AffectedLeft, AffectedTop, AffectedRight, AffectedBottom;

    // The operation after clipping: a w×h rectangle at (dx,dy) in the destination, from (sx,sy) in the source.
    internal int dx, dy, sx, sy, w, h;

    /// <summary>
    /// Back to the state of a new operation, so that one object serves every copyBits a VM runs: a
    /// Pen's line loads the BitBlt once or twice per pair of points, and a new object each time
    /// was most of what drawing allocated (and the page faults of a young heap still growing).
    /// </summary>
    public void Reset()
    {
        Rule = 0;
        Dest = Source = default;
        HasSource = false;
        Halftone = null;
        HalftoneRows = 0;
        Map = default;
        DestX = DestY = Width = Height = SourceX = SourceY = 0;
        ClipX = ClipY = ClipWidth = ClipHeight = 0;
        SourceAlpha = 255;
        BitCount = 0;
        AffectedLeft = AffectedTop = AffectedRight = AffectedBottom = 0;
        dx = dy = sx = sy = w = h = 0;
        runEmpty = true;
        runLeft = runTop = runRight = runBottom = 0;
        warp = null;
    }

    /// <summary>The rules this implementation knows; others make the primitive fail so the image's own code runs.</summary>
    public static bool IsKnownRule(int rule) => rule is >= 0 and <= 15 or >= 18 and <= 40;

    /// <summary>
    /// Null when the operation can run, else why not. Rules 16 and 17 are the old paint and erase
    /// modes that images emulate in Smalltalk when the primitive fails; 41 (sub-pixel text) is not
    /// here either. See also <see cref="NeedsDithering"/>.
    /// </summary>
    public string? Validate()
    {
        if (!IsKnownRule(Rule)) return $"combination rule {Rule} is not supported";
        if (Halftone is not null && HalftoneRows <= 0) return "empty halftone";
        if (!Dest.IsComplete || ReadsSource && !Source.IsComplete) return "bitmap smaller than its form";
        return null;
    }

    /// <summary>
    /// The pre-multiplied blend (rule 34) from a 32-bit source onto a 16-bit destination, or an 8-bit
    /// one through a colour map, which the reference VMs dither with loops of their own that are not
    /// here. Only refused when there is something to draw, as the reference VMs clip first.
    /// </summary>
    public bool NeedsDithering =>
        Rule == 34 && ReadsSource && Source.Depth == 32 && (Dest.Depth == 16 || Dest.Depth == 8 && Map.Present);

    /// <summary>Whether a rule looks at the source (and halftone) at all.</summary>
    public static bool UsesSource(int rule) => rule is not (0 or 5 or 10 or 15);

    /// <summary>True when the operation reads a source form: there is one and the rule looks at it. Otherwise the source clips nothing.</summary>
    public bool ReadsSource => HasSource && UsesSource(Rule);

    /// <summary>Clips and copies. False, having changed nothing, when <see cref="Validate"/> refuses or the copy <see cref="NeedsDithering"/>.</summary>
    public bool CopyBits()
    {
        if (Validate() is not null) return false;
        if (!Clip(againstSource: ReadsSource))
        {
            AffectedLeft = AffectedTop = AffectedRight = AffectedBottom = 0;
            return true;
        }
        if (NeedsDithering) return false;
        Run();
        AffectedLeft = dx;
        AffectedTop = dy;
        AffectedRight = dx + w;
        AffectedBottom = dy + h;
        return true;
    }

    /// <summary>
    /// Intersects the destination rectangle with the clip rectangle and the destination form, then
    /// (when <paramref name="againstSource"/>) with the source form, moving the other origin along.
    /// False when nothing is left. WarpBlt clips the destination only: its source is sampled.
    /// </summary>
    private bool Clip(bool againstSource)
    {
        // Long arithmetic: coordinates come from Smalltalk and may be far out of the forms.
        long cl = Math.Max(ClipX, 0L), ct = Math.Max(ClipY, 0L);
        long cr = Math.Min((long)ClipX + ClipWidth, Dest.Width), cb = Math.Min((long)ClipY + ClipHeight, Dest.Height);

        long left = Math.Max(DestX, cl), right = Math.Min((long)DestX + Width, cr);
        long top = Math.Max(DestY, ct), bottom = Math.Min((long)DestY + Height, cb);
        long srcLeft = SourceX + (left - DestX), srcTop = SourceY + (top - DestY);
        if (againstSource)
        {
            if (srcLeft < 0) { left -= srcLeft; srcLeft = 0; }
            if (srcTop < 0) { top -= srcTop; srcTop = 0; }
            right = Math.Min(right, left + (Source.Width - srcLeft));
            bottom = Math.Min(bottom, top + (Source.Height - srcTop));
        }
        if (right <= left || bottom <= top) return false;
        dx = (int)left;
        dy = (int)top;
        w = (int)(right - left);
        h = (int)(bottom - top);
        sx = againstSource ? (int)srcLeft : 0;
        sy = againstSource ? (int)srcTop : 0;
        return true;
    }

    /// <summary>True when every row gets the same halftone word.</summary>
    internal bool HalftoneIsUniform => Halftone is null || HalftoneRows == 1;

    /// <summary>The halftone word for destination row <paramref name="y"/>.</summary>
    internal uint HalftoneFor(int y) => Halftone is { } ht ? ht[(uint)y % (uint)HalftoneRows] : uint.MaxValue;

    private void Run()
    {
        var once = new CopyOnce();
        WithRule(ref once);
    }

    /// <summary>Something done with the operation's rule as a type, so that its loops are compiled per rule once the rule is known.</summary>
    private interface IRuleUser
    {
        void Use<TRule>(Blit b, TRule rule) where TRule : struct, IBlitRule;
    }

    private struct CopyOnce : IRuleUser
    {
        public readonly void Use<TRule>(Blit b, TRule rule) where TRule : struct, IBlitRule => b.Run(rule);
    }

    /// <summary>Picks the rule's type once; a line of copies (<see cref="DrawLoop"/>) then pays for the choice once, not at every point.</summary>
    private void WithRule<TUser>(ref TUser user) where TUser : struct, IRuleUser
    {
        var depth = Dest.Depth;
        var layout = ComponentLayout.ForDepth(depth);
        switch (Rule)
        {
            case 0: user.Use(this, new ClearRule()); break;
            case 1: user.Use(this, new AndRule()); break;
            case 2: user.Use(this, new AndNotDestRule()); break;
            case 3: user.Use(this, new StoreRule()); break;
            case 4: user.Use(this, new EraseRule()); break;
            case 5 or 15: user.Use(this, new KeepDestinationRule()); break;
            case 6: user.Use(this, new XorRule()); break;
            case 7: user.Use(this, new OrRule()); break;
            case 8: user.Use(this, new NorRule()); break;
            case 9: user.Use(this, new XnorRule()); break;
            case 10: user.Use(this, new InvertDestRule()); break;
            case 11: user.Use(this, new OrNotDestRule()); break;
            case 12: user.Use(this, new InvertSourceRule()); break;
            case 13: user.Use(this, new OrNotSourceRule()); break;
            case 14: user.Use(this, new NandRule()); break;
            case 18: user.Use(this, new AddWordRule()); break;
            case 19: user.Use(this, new SubtractWordRule()); break;
            case 20: user.Use(this, new RgbAddRule(layout)); break;
            case 21: user.Use(this, new RgbSubtractRule(layout)); break;
            case 22: user.Use(this, new WordDifferenceCountRule(this, depth)); break;
            case 23: user.Use(this, new WordTallyRule(this, depth)); break;
            case 32: user.Use(this, new DifferenceCountRule(this, depth)); break;
            case 33: user.Use(this, new TallyRule(this, depth)); break;
            case 24: user.Use(this, new AlphaBlendRule()); break;
            case 25: user.Use(this, new PaintRule(depth)); break;
            case 26: user.Use(this, new PixelMaskRule(depth)); break;
            case 27: user.Use(this, new RgbMaxRule(layout)); break;
            case 28: user.Use(this, new RgbMinRule(layout)); break;
            case 29: user.Use(this, new RgbMinInvertRule(layout)); break;
            case 30: user.Use(this, new AlphaBlendConstRule(depth, SourceAlpha, paint: false)); break;
            case 31: user.Use(this, new AlphaBlendConstRule(depth, SourceAlpha, paint: true)); break;
            case 34 or 35 or 36: user.Use(this, new AlphaBlendScaledRule()); break;
            case 37: user.Use(this, new RgbMultiplyRule(layout, depth)); break;
            case 38: user.Use(this, new PixelSwapRule(depth)); break;
            case 39: user.Use(this, new PixelClearRule(depth)); break;
            case 40: user.Use(this, new FixAlphaRule(depth)); break;
        }
    }

    private void Run<TRule>(TRule rule) where TRule : struct, IBlitRule
    {
        if (typeof(TRule) == typeof(KeepDestinationRule)) return;
        if (warp is not null)
            WarpLoop.Run(this, rule, warp);
        else if (!ReadsSource || typeof(TRule) == typeof(TallyRule) || typeof(TRule) == typeof(WordTallyRule))
            FillLoop.Run(this, rule);   // a tally counts the destination's pixels: the source only clipped the rectangle
        else if (Source.Depth == Dest.Depth && Source.Msb == Dest.Msb && !Map.Present)
        {
            if (Dest.Msb) WordCopyLoop.Run<TRule, MsbFirst>(this, rule);
            else WordCopyLoop.Run<TRule, LsbFirst>(this, rule);
        }
        else if (!Map.Present) PixelCopyLoop.Run<TRule, NoMapping>(this, rule, default);
        else if (!Map.HasFixedPart && Map.Table is { } table) PixelCopyLoop.Run(this, rule, new TableMapping(table, Map.TableMask));
        else if (Rgb32To15Mapping.Fits(Map)) PixelCopyLoop.Run(this, rule, new Rgb32To15Mapping(Map.Table, Map.TableMask));
        else PixelCopyLoop.Run(this, rule, new FullMapping(Map));
    }
}
