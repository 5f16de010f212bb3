using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Graphics;
using ImageAot.Runtime.Inspection;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Plugins;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// Primitive 103 in Squeak 1.x/2.x images: CharacterScanner>>scanCharactersFrom:to:in:rightX:stopConditions:displaying:.
/// There CharacterScanner is a subclass of BitBlt: its own lastIndex, xTable (indexed by the
/// character code itself, no glyph map) and stopConditions come after BitBlt's fields, whose
/// number differs between images (the SqueakJS benchmark image's BitBlt has four more), so
/// they are found by name (<see cref="InstanceVariables"/>). When displaying, each glyph is
/// copied through the receiver with its sourceX, width and destX, as the Smalltalk's copyBits does.
///
/// This follows the method's Smalltalk exactly: the stop test reads the receiver's stopConditions
/// but the answer comes from the stops argument; sourceX and width are left as the last examined
/// character set them (also the one that crossed rightX); no kern. The whole scan is worked out
/// before anything is drawn or stored, so a failure (a character beyond the xTable, a BitBlt the
/// copy loops cannot do) changes nothing and the Smalltalk runs instead.
/// </summary>
public static class BitBltCharacterScan
{
    /// <summary>Where a receiver class keeps lastIndex, xTable and stopConditions.</summary>
    private static readonly SlotLookup ScannerFields = new("lastIndex", "xTable", "stopConditions");

    /// <summary>The stack holds receiver, startIndex, stopIndex, sourceString, rightX, stops, display (a Boolean).</summary>
    public static bool Scan(Interpreter vm)
    {
        Value stopsArg = vm.Stack(1), rightXArg = vm.Stack(2), stopArg = vm.Stack(4), startArg = vm.Stack(5);
        var display = ReferenceEquals(vm.Stack(0).Ref, vm.Mem.True);
        if (!rightXArg.IsSmallInt || !stopArg.IsSmallInt || !startArg.IsSmallInt) return vm.Fail(PrimErr.BadArgument);
        if (stopsArg.Ref is not PointersObject stops || stops.Slots.Length < TextPrimitives.CrossedX) return vm.Fail(PrimErr.BadArgument);
        if (vm.Stack(3).Ref is not BytesObject str) return vm.Fail(PrimErr.BadArgument);
        long start = startArg.SmallIntValue, stop = stopArg.SmallIntValue, rightX = rightXArg.SmallIntValue;
        if (start <= stop && (start < 1 || stop > str.Bytes.Length)) return vm.Fail(PrimErr.BadIndex);

        var receiver = vm.Stack(6);
        if (receiver.Ref is not PointersObject scanner || scanner.Slots.Length <= BlitLoader.ClipHeight) return vm.Fail(PrimErr.BadReceiver);
        var fields = ScannerFields.For(scanner.Class, vm.Mem);
        int lastIndexSlot = fields[0], xTableSlot = fields[1], conditionsSlot = fields[2];
        if (lastIndexSlot < 0 || xTableSlot < 0 || conditionsSlot < 0) return vm.Fail(PrimErr.BadReceiver);
        var s = scanner.Slots;
        if (s[conditionsSlot].Ref is not PointersObject conditions || conditions.Slots.Length < 256) return vm.Fail(PrimErr.BadReceiver);
        if (!s[BlitLoader.DestX].IsSmallInt) return vm.Fail(PrimErr.BadReceiver);
        if (!StrikeGlyphs.TryLoad(s[xTableSlot], default, withMap: false, vm.Mem.ClassArray, out var glyphs)) return vm.Fail(PrimErr.BadReceiver);

        var scan = new Run(str.Bytes, conditions.Slots, glyphs, vm.Mem.Nil, rightX);
        var end = scan.Measure(start, stop, s[BlitLoader.DestX].SmallIntValue);
        if (!end.Ok || !vm.Mem.IsSmallIntRange(end.DestX)) return vm.Fail(PrimErr.BadReceiver);

        if (display && end.Index > start)
        {
            var blit = BlitLoader.Load(scanner, vm.Mem, out _);
            if (blit is null || !blit.CanDrawGlyphs) return vm.Fail(PrimErr.Unsupported);
            scan.Draw(blit, start, end.Index, s[BlitLoader.DestX].SmallIntValue);
            BitBltPlugin.NoteDisplayChange(vm, receiver, blit);
        }

        s[BlitLoader.DestX] = Value.SmallInt(end.DestX);
        s[lastIndexSlot] = Value.SmallInt(end.LastIndex);
        if (end.Examined)
        {
            s[BlitLoader.SourceX] = Value.SmallInt(end.SourceX);
            s[BlitLoader.Width] = Value.SmallInt(end.Width);
        }
        return vm.Answer(6, stops.Slots[end.StopsSlot]);
    }

    /// <summary>
    /// Where a scan ends: the index of the character it stopped at (<see cref="Index"/>, one past
    /// the run when it ran out), the receiver's new lastIndex and destX, the slot of the stops
    /// array to answer (0-based: a character's code, or a stop code - 1), and the sourceX and
    /// width of the last character whose glyph was looked at, if any.
    /// </summary>
    private readonly record struct End(bool Ok, long Index, long LastIndex, long DestX, int StopsSlot, bool Examined, int SourceX, int Width);

    private readonly struct Run(byte[] bytes, Value[] conditions, StrikeGlyphs glyphs, SqObject nil, long rightX)
    {
        public End Measure(long start, long stop, long destX)
        {
            bool examined = false;
            int sourceX = 0, width = 0;
            for (var i = start; i <= stop; i++)
            {
                var code = bytes[i - 1];
                if (!ReferenceEquals(conditions[code].Ref, nil)) return new End(true, i, i, destX, code, examined, sourceX, width);
                if (!glyphs.TryGlyph(code, out sourceX, out width)) return default;
                examined = true;
                if (destX + width > rightX) return new End(true, i, i, destX, TextPrimitives.CrossedX - 1, examined, sourceX, width);
                destX += width;
            }
            return new End(true, Math.Max(start, stop + 1), stop, destX, TextPrimitives.EndOfRun - 1, examined, sourceX, width);
        }

        /// <summary>Copies the glyphs of the characters from <paramref name="start"/> up to (not including) <paramref name="end"/>, which the measuring pass found all to fit.</summary>
        public void Draw(Blit blit, long start, long end, long destX)
        {
            blit.BeginGlyphRun();
            for (var i = start; i < end; i++)
            {
                glyphs.TryGlyph(bytes[i - 1], out var sourceX, out var width);
                blit.CopyGlyph(sourceX, width, (int)destX);
                destX += width;
            }
            blit.EndGlyphRun();
            blit.Dest.WriteBack();
        }
    }
}
