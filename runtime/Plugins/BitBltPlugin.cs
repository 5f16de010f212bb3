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
/// warpBits (147, primitiveWarpBits) and primitiveDisplayString are not here and fail the same way.
/// </summary>
public static class BitBltPlugin
{
    public const string Module = "BitBltPlugin";

    public static void Register(PrimitiveTable t)
    {
        t.Add(96, CopyBits);
        t.Add(104, DrawLoop);
        t.AddNamed(Module, "primitiveCopyBits", CopyBits);
        t.AddNamed(Module, "primitiveDrawLoop", DrawLoop);
        t.AddNamed(Module, "primitivePixelValueAt", PixelValueAt);
    }

    private static Blit? Load(Interpreter vm, Value receiver) =>
        receiver.Ref is PointersObject o ? BlitLoader.Load(o, vm.Mem, out _) : null;

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

    private static void NoteDisplayChange(Interpreter vm, Value receiver, Blit blit)
    {
        var display = vm.Mem.Special(SpecialObjectIndex.TheDisplay);
        if (display.IsObject && ReferenceEquals(((PointersObject)receiver.Ref!).Slots[BlitLoader.DestForm].Ref, display.Ref))
            vm.Screen.NoteDrawn(new PixelRect(blit.AffectedLeft, blit.AffectedTop, blit.AffectedRight, blit.AffectedBottom));
    }
}
