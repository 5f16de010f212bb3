using ImageAot.Runtime.Display;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Graphics;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// The BitBltPlugin's primitives, by name (Squeak 3 and later, Cuis, Pharo) and by the numbers
/// Squeak 1.x/2.x images call (96 copyBits, 104 drawLoopX:Y:). The work is in
/// <see cref="Graphics.Blit"/>. Anything it does not support fails, so the image's own code runs:
/// old images emulate the old paint and erase rules there, and unhibernate compressed forms.
/// warpBits (147, primitiveWarpBits) runs through <see cref="Graphics.Blit.WarpBits"/>;
/// primitiveDisplayString (a run of a strike font's glyphs) is in BitBltPlugin.DisplayString.cs.
/// </summary>
public static partial class BitBltPlugin
{
    public const string Module = "BitBltPlugin";

    public static void Register(PrimitiveTable t)
    {
        t.Add(96, CopyBits);
        t.Add(104, DrawLoop);
        t.AddNamed(Module, "primitiveCopyBits", CopyBits);
        t.AddNamed(Module, "primitiveDrawLoop", DrawLoop);
        t.AddNamed(Module, "primitivePixelValueAt", PixelValueAt);
        t.Add(147, WarpBits);
        t.AddNamed(Module, "primitiveWarpBits", WarpBits);
        t.AddNamed(Module, "primitiveDisplayString", DisplayString);
    }

    /// <summary>
    /// The operation copyBits, drawLoop and warpBits run, loaded into one object per thread: nothing of it
    /// outlives the primitive, and no Smalltalk code runs while it is in use.
    /// </summary>
    [ThreadStatic] private static Blit? reused;

    private static Blit? Load(Interpreter vm, Value receiver) =>
        receiver.Ref is PointersObject o ? BlitLoader.Load(o, vm.Mem, reused ??= new Blit(), out _) : null;

    /// <summary>
    /// copyBits, or copyBitsTranslucent: alpha for rules 30 and 31. Answers the receiver, or for
    /// rules 22 and 32 the difference it counted.
    /// </summary>
    public static bool CopyBits(Interpreter vm, int n)
    {
        if (n > 1) return vm.Fail(PrimErr.BadNumArgs);
        var receiver = vm.Stack(n);
        var blit = Load(vm, receiver);
        if (blit is null) return vm.Fail(PrimErr.BadReceiver);
        if (blit.Rule is 30 or 31)
        {
            var alpha = vm.Stack(0);
            if (n != 1 || !alpha.IsSmallInt || alpha.SmallIntValue is < 0 or > 255) return vm.Fail(PrimErr.BadArgument);
            blit.SourceAlpha = (uint)alpha.SmallIntValue;
        }
        if (blit.Validate() is not null || !blit.CopyBits()) return vm.Fail(PrimErr.Unsupported);
        blit.Dest.WriteBack();
        NoteDisplayChange(vm, receiver, blit);
        return blit.Rule is 22 or 32 ? vm.Answer(n, blit.BitCount) : vm.Answer(n, receiver);
    }

    /// <summary>WarpBlt's fields after BitBlt's fifteen: p1x p1y p1z p2x p2y p2z p3x p3y p3z p4x p4y p4z (fixed point).</summary>
    private const int WarpBase = 15;

    /// <summary>warpBits, or warpBitsSmoothing: n sourceMap: aBitmap (nil for 16- and 32-bit sources). Answers the receiver.</summary>
    public static bool WarpBits(Interpreter vm, int n)
    {
        if (n is not (0 or 2)) return vm.Fail(PrimErr.BadNumArgs);
        var receiver = vm.Stack(n);
        if (receiver.Ref is not PointersObject o || o.Slots.Length < WarpBase + 12) return vm.Fail(PrimErr.BadReceiver);
        var blit = Load(vm, receiver);
        if (blit is null) return vm.Fail(PrimErr.BadReceiver);
        Span<long> p = stackalloc long[12];
        for (var i = 0; i < 12; i++)
            if (!FixedPoint(o.Slots[WarpBase + i], out p[i])) return vm.Fail(PrimErr.BadReceiver);
        var smoothing = 1;
        uint[]? sourceMap = null;
        var smoothMap = default(PixelMap);
        if (n == 2)
        {
            if (!vm.Stack(1).IsSmallInt || vm.Stack(1).SmallIntValue is < 1 or > 16) return vm.Fail(PrimErr.BadArgument);
            smoothing = (int)vm.Stack(1).SmallIntValue;
            var mapArg = vm.Stack(0);
            // Below 16 bits a source pixel is an index: the map gives its colour (the reference VMs insist even without smoothing).
            if (blit.HasSource && blit.Source.Depth < 16)
            {
                if (mapArg.Ref is not WordsObject words || words.Words.Length < 1 << blit.Source.Depth) return vm.Fail(PrimErr.BadArgument);
                sourceMap = words.Words;
            }
            if (blit.HasSource && smoothing > 1)
            {
                // The averaged pixel is 32-bit colour, whatever the source depth: its colour map is read for that.
                var colorMap = o.Slots.Length > BlitLoader.ColorMap ? o.Slots[BlitLoader.ColorMap] : vm.Mem.NilV;
                if (!PixelMap.TryLoad(colorMap, vm.Mem.Nil, 32, blit.Dest.Depth, out smoothMap)) return vm.Fail(PrimErr.BadReceiver);
            }
        }
        var quad = new WarpQuad(p[0], p[1], p[3], p[4], p[6], p[7], p[9], p[10], smoothing, sourceMap, smoothMap);
        if (!blit.WarpBits(quad)) return vm.Fail(PrimErr.Unsupported);
        blit.Dest.WriteBack();
        NoteDisplayChange(vm, receiver, blit);
        return vm.Answer(n, receiver);
    }

    /// <summary>A WarpBlt corner coordinate: a SmallInteger, or a Float truncated as the reference VMs do.</summary>
    private static bool FixedPoint(Value v, out long result)
    {
        result = 0;
        if (v.IsSmallInt)
        {
            if (Math.Abs(v.SmallIntValue) > 1L << 40) return false;
            result = v.SmallIntValue;
            return true;
        }
        double d;
        if (v.IsSmallFloat) d = v.SmallFloatValue;
        else if (v.Ref is FloatObject f) d = f.Value;
        else return false;
        if (!(Math.Abs(d) <= 2.0e9)) return false;
        result = (long)d;
        return true;
    }

    /// <summary>drawLoopX: xDelta Y: yDelta — a line of copies (see <see cref="Blit.DrawLoop"/>); destX and destY are left at its end.</summary>
    public static bool DrawLoop(Interpreter vm, int n)
    {
        if (n != 2) return vm.Fail(PrimErr.BadNumArgs);
        Value xDelta = vm.Stack(1), yDelta = vm.Stack(0), receiver = vm.Stack(2);
        const long limit = 1 << 28;
        if (!xDelta.IsSmallInt || !yDelta.IsSmallInt || Math.Abs(xDelta.SmallIntValue) > limit || Math.Abs(yDelta.SmallIntValue) > limit)
            return vm.Fail(PrimErr.BadArgument);
        var blit = Load(vm, receiver);
        if (blit is null) return vm.Fail(PrimErr.BadReceiver);
        // The translucent rules take their alpha from an argument that drawLoop does not have.
        if (blit.Rule is 30 or 31 || blit.NeedsDithering || blit.Validate() is not null) return vm.Fail(PrimErr.Unsupported);
        blit.DrawLoop((int)xDelta.SmallIntValue, (int)yDelta.SmallIntValue);
        blit.Dest.WriteBack();
        var slots = ((PointersObject)receiver.Ref!).Slots;
        slots[BlitLoader.DestX] = Value.SmallInt(blit.DestX);
        slots[BlitLoader.DestY] = Value.SmallInt(blit.DestY);
        NoteDisplayChange(vm, receiver, blit);
        return vm.Answer(n, receiver);
    }

    /// <summary>Form>>pixelValueAt: aPoint, called as primitivePixelValueAt with x and y: the raw pixel, 0 outside the form.</summary>
    public static bool PixelValueAt(Interpreter vm, int n)
    {
        if (n != 2) return vm.Fail(PrimErr.BadNumArgs);
        Value x = vm.Stack(1), y = vm.Stack(0);
        if (!x.IsSmallInt || !y.IsSmallInt) return vm.Fail(PrimErr.BadArgument);
        if (!Surface.TryRead(vm.Stack(2), out var form)) return vm.Fail(PrimErr.BadReceiver);
        var inside = x.SmallIntValue is >= 0 and < int.MaxValue && y.SmallIntValue is >= 0 and < int.MaxValue;
        return vm.Answer(n, inside ? form.PixelAt((int)x.SmallIntValue, (int)y.SmallIntValue) : 0L);
    }

    internal static void NoteDisplayChange(Interpreter vm, Value receiver, Blit blit)
    {
        var display = vm.Mem.Special(SpecialObjectIndex.TheDisplay);
        if (display.IsObject && ReferenceEquals(((PointersObject)receiver.Ref!).Slots[BlitLoader.DestForm].Ref, display.Ref))
            vm.Screen.NoteDrawn(new PixelRect(blit.AffectedLeft, blit.AffectedTop, blit.AffectedRight, blit.AffectedBottom));
    }
}
