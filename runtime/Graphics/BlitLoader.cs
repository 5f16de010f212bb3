using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Graphics;

/// <summary>
/// Reads a Smalltalk BitBlt (destForm sourceForm halftoneForm combinationRule destX destY width
/// height sourceX sourceY clipX clipY clipWidth clipHeight colorMap …) into a <see cref="Blit"/>.
/// Every image from the Blue Book's on lays the first fourteen fields out this way; the colour
/// map came later, and subclasses (Pen, WarpBlt) only add fields after them.
/// </summary>
public static class BlitLoader
{
    public const int DestForm = 0, SourceForm = 1, HalftoneForm = 2, Rule = 3, DestX = 4, DestY = 5, Width = 6, Height = 7,
        SourceX = 8, SourceY = 9, ClipX = 10, ClipY = 11, ClipWidth = 12, ClipHeight = 13, ColorMap = 14;

    /// <summary>
    /// The operation the object describes, or null with the reason. Coordinates may be SmallIntegers,
    /// Floats (truncated) or nil (a default); anything else (a Fraction, say) refuses, and the
    /// image's fallback code rounds the fields and tries again.
    /// </summary>
    public static Blit? Load(PointersObject bitBlt, ObjectMemory mem, out string? why) => Load(bitBlt, mem, new Blit(), out why);

    /// <summary>As <see cref="Load(PointersObject, ObjectMemory, out string?)"/>, into <paramref name="b"/> (reset first).</summary>
    public static Blit? Load(PointersObject bitBlt, ObjectMemory mem, Blit b, out string? why)
    {
        var s = bitBlt.Slots;
        why = null;
        if (s.Length <= ClipHeight) return Refuse("not a BitBlt", out why);
        if (!s[Rule].IsSmallInt) return Refuse("combination rule is not an integer", out why);
        b.Reset();
        b.Rule = (int)Math.Clamp(s[Rule].SmallIntValue, -1, 1000);
        if (!Surface.TryRead(s[DestForm], out b.Dest)) return Refuse("destination is not a usable form", out why);
        var nil = mem.Nil;
        bool IsNil(Value v) => ReferenceEquals(v.Ref, nil);

        var usesSource = Blit.UsesSource(b.Rule);
        if (usesSource && !IsNil(s[SourceForm]))
        {
            if (!Surface.TryRead(s[SourceForm], out b.Source)) return Refuse("source is not a usable form", out why);
            b.HasSource = true;
        }
        if (usesSource && !IsNil(s[HalftoneForm]) && !TryHalftone(s[HalftoneForm], b)) return Refuse("halftone is neither a Form nor a Bitmap", out why);

        var ok = Coordinate(s[DestX], 0, nil, out b.DestX) & Coordinate(s[DestY], 0, nil, out b.DestY)
            & Coordinate(s[Width], b.Dest.Width, nil, out b.Width) & Coordinate(s[Height], b.Dest.Height, nil, out b.Height)
            & Coordinate(s[ClipX], 0, nil, out b.ClipX) & Coordinate(s[ClipY], 0, nil, out b.ClipY)
            & Coordinate(s[ClipWidth], b.Dest.Width, nil, out b.ClipWidth) & Coordinate(s[ClipHeight], b.Dest.Height, nil, out b.ClipHeight);
        if (b.HasSource)
            ok &= Coordinate(s[SourceX], 0, nil, out b.SourceX) & Coordinate(s[SourceY], 0, nil, out b.SourceY);
        if (!ok) return Refuse("a coordinate is not an integer", out why);

        if (b.HasSource)
        {
            var colorMap = s.Length > ColorMap ? s[ColorMap] : Value.Object(nil);
            if (!PixelMap.TryLoad(colorMap, nil, b.Source.Depth, b.Dest.Depth, out b.Map)) return Refuse("unusable colour map", out why);
        }
        return b;
    }

    private static Blit? Refuse(string reason, out string? why)
    {
        why = reason;
        return null;
    }

    /// <summary>A Form's bits (one word a row, so only 32-pixel-wide patterns make sense) or a Bitmap (one word a row, repeating).</summary>
    private static bool TryHalftone(Value halftone, Blit b)
    {
        switch (halftone.Ref)
        {
            case WordsObject words:
                b.Halftone = words.Words;
                b.HalftoneRows = words.Words.Length;
                return true;
            case PointersObject form when form.Slots.Length >= 4:
                // A form whose bits are not words yet (hibernated) is ignored, as the C VM does.
                if (form.Slots[0].Ref is not WordsObject bits) return true;
                b.Halftone = bits.Words;
                var height = form.Slots[2].IsSmallInt ? form.Slots[2].SmallIntValue : 0;
                b.HalftoneRows = (int)Math.Clamp(height, 0, bits.Words.Length);
                return true;
            default:
                return false;
        }
    }

    private static bool Coordinate(Value v, int defaultValue, SqObject nil, out int result)
    {
        result = defaultValue;
        if (ReferenceEquals(v.Ref, nil)) return true;
        double d;
        if (v.IsSmallInt)
        {
            if (v.SmallIntValue is < int.MinValue / 2 or > int.MaxValue / 2) return false;
            result = (int)v.SmallIntValue;
            return true;
        }
        if (v.IsSmallFloat) d = v.SmallFloatValue;
        else if (v.Ref is FloatObject f) d = f.Value;
        else return false;
        if (!(d > int.MinValue / 2 && d < int.MaxValue / 2)) return false;
        result = (int)d;
        return true;
    }
}
