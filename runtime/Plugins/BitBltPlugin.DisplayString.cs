using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Graphics;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Plugins;

public static partial class BitBltPlugin
{
    /// <summary>
    /// BitBlt>>primDisplayString: aString from: start to: stop map: glyphMap xTable: xTable kern: kern
    /// (Squeak 3.x-era images, Scratch, Cuis): draws each character's glyph through the receiver,
    /// whose source is the strike font's form, advancing destX by the glyph's width plus kern, as
    /// the method's own Smalltalk does character by character. Leaves destX after the run and, as
    /// that code does, sourceX and width of the last glyph. A destX that is a Float stays one
    /// (the Smalltalk adds integers to it; each copy truncates it).
    ///
    /// Everything is checked before the first glyph is drawn, so a failure changes nothing and the
    /// image's code draws the string instead: a string that is not bytes (wide characters), a
    /// map or xTable that is not a strike font's, a glyph outside the xTable, a BitBlt the copy
    /// loops do not support.
    /// </summary>
    public static bool DisplayString(Interpreter vm, int n)
    {
        if (n != 6) return vm.Fail(PrimErr.BadNumArgs);
        Value kernArg = vm.Stack(0), xTable = vm.Stack(1), map = vm.Stack(2), stopArg = vm.Stack(3), startArg = vm.Stack(4);
        var receiver = vm.Stack(6);
        if (!kernArg.IsSmallInt || !stopArg.IsSmallInt || !startArg.IsSmallInt) return vm.Fail(PrimErr.BadArgument);
        if (vm.Stack(5).Ref is not BytesObject str) return vm.Fail(PrimErr.BadArgument);
        if (!StrikeGlyphs.TryLoad(xTable, map, withMap: true, vm.Mem.ClassArray, out var glyphs)) return vm.Fail(PrimErr.BadArgument);
        long start = startArg.SmallIntValue, stop = stopArg.SmallIntValue, kern = kernArg.SmallIntValue;
        if (start < 1 || stop < 1 || stop > str.Bytes.Length || Math.Abs(kern) > 1 << 24) return vm.Fail(PrimErr.BadIndex);

        if (receiver.Ref is not PointersObject bitBlt) return vm.Fail(PrimErr.BadReceiver);
        if (bitBlt.Slots.Length <= BlitLoader.ClipHeight) return vm.Fail(PrimErr.BadReceiver);
        var destXSlot = bitBlt.Slots[BlitLoader.DestX];
        var destXIsFloat = !destXSlot.IsSmallInt;
        double x0;
        if (!destXIsFloat) x0 = destXSlot.SmallIntValue;
        else if (!vm.Mem.TryFloat(destXSlot, out x0)) return vm.Fail(PrimErr.BadReceiver);
        var blit = BlitLoader.Load(bitBlt, vm.Mem, out _);
        if (blit is null || !blit.CanDrawGlyphs) return vm.Fail(PrimErr.Unsupported);

        // First pass: every glyph exists and every position stays where a copy can address it.
        var bytes = str.Bytes;
        const double limit = 1 << 28;
        var x = x0;
        for (var i = start; i <= stop; i++)
        {
            if (!glyphs.TryGlyph(bytes[i - 1], out _, out var width)) return vm.Fail(PrimErr.BadArgument);
            x = x + width + kern;
            if (!(Math.Abs(x) < limit)) return vm.Fail(PrimErr.BadArgument);
        }

        // Second pass: draw.
        x = x0;
        int lastLeft = 0, lastWidth = 0;
        blit.BeginGlyphRun();
        for (var i = start; i <= stop; i++)
        {
            glyphs.TryGlyph(bytes[i - 1], out lastLeft, out lastWidth);
            blit.CopyGlyph(lastLeft, lastWidth, (int)x);
            x = x + lastWidth + kern;
        }
        blit.EndGlyphRun();
        blit.Dest.WriteBack();

        var slots = bitBlt.Slots;
        slots[BlitLoader.DestX] = destXIsFloat ? vm.Mem.Float(x) : Value.SmallInt((long)x);
        if (start <= stop)
        {
            slots[BlitLoader.SourceX] = Value.SmallInt(lastLeft);
            slots[BlitLoader.Width] = Value.SmallInt(lastWidth);
        }
        NoteDisplayChange(vm, receiver, blit);
        return vm.Answer(n, receiver);
    }
}
