using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Graphics;
using ImageAot.Runtime.Inspection;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// Primitive 103, scanCharacters: measures a run of a string in a strike font, character by
/// character, until a character with a stop condition, the right margin or the end of the run,
/// the inner loop of every paragraph composition and text display. Two shapes exist:
///
/// - Squeak 3.x-era images, Scratch and Cuis 4/5: CharacterScanner>>scanCharactersFrom:to:in:rightX:stopConditions:kern:,
///   the receiver starting with destX, lastIndex, xTable and map (the font's glyph map), as the C
///   VM reads them. Done here.
/// - Squeak 1.x/2.x: ...stopConditions:displaying:, the receiver a BitBlt that also copies each
///   glyph when displaying. See <see cref="BitBltCharacterScan"/>.
///
/// The answer is the stop condition's value (the stops array at the character's code + 1, at
/// <see cref="CrossedX"/> or at <see cref="EndOfRun"/>); destX and lastIndex are left where the
/// method's Smalltalk leaves them. Whatever the primitive cannot take (a wide string, a font
/// that is not a strike font, a Float margin, a glyph outside the xTable) fails before anything
/// is stored, and the Smalltalk runs.
/// </summary>
public static class TextPrimitives
{
    /// <summary>TextConstants' stop codes: the stops array's entries past the 256 character codes (1-based, as Smalltalk indexes it).</summary>
    public const int EndOfRun = 257, CrossedX = 258;

    public static void Register(PrimitiveTable t) => t.Add(103, ScanCharacters);

    public static bool ScanCharacters(Interpreter vm, int n)
    {
        if (n != 6) return vm.Fail(PrimErr.BadNumArgs);
        var last = vm.Stack(0);
        if (ReferenceEquals(last.Ref, vm.Mem.True) || ReferenceEquals(last.Ref, vm.Mem.False)) return BitBltCharacterScan.Scan(vm);
        return ScanWithKern(vm);
    }

    // The receiver's first four fields, as the C VM reads them.
    private const int DestX = 0, LastIndex = 1, XTable = 2, Map = 3;

    /// <summary>
    /// The Squeak 3 / Cuis form, by the C VM's rules: destX advances by each glyph's width plus
    /// kern; a glyph that would end beyond rightX (kern not counted) stops the scan before it.
    ///
    /// The method's Smalltalk measures with the font's widthOf: instead of the scanner's xTable and
    /// map, and two of its rules differ from the C VM's; the primitive fails where they would
    /// answer differently, so the image's own code decides there:
    /// - widthOf: gives a glyph outside the font's minAscii..maxAscii the width of glyph maxAscii + 1
    ///   (Cuis 5 fonts start at 28, so control characters without a stop condition);
    /// - Cuis 5's widthOf: adds the font's baseKern, which is the kern its callers pass, before
    ///   comparing with rightX, so a glyph ending within kern of rightX crosses it there and not
    ///   in Cuis 4.1, Scratch or the C VM.
    /// The font must also be a strike font whose xTable is the scanner's.
    /// </summary>
    private static bool ScanWithKern(Interpreter vm)
    {
        Value kernArg = vm.Stack(0), stopsArg = vm.Stack(1), rightXArg = vm.Stack(2), stopArg = vm.Stack(4), startArg = vm.Stack(5);
        if (!kernArg.IsSmallInt || !rightXArg.IsSmallInt || !stopArg.IsSmallInt || !startArg.IsSmallInt) return vm.Fail(PrimErr.BadArgument);
        if (stopsArg.Ref is not PointersObject stops || stops.Slots.Length < CrossedX) return vm.Fail(PrimErr.BadArgument);
        if (vm.Stack(3).Ref is not BytesObject str) return vm.Fail(PrimErr.BadArgument);
        long start = startArg.SmallIntValue, stop = stopArg.SmallIntValue, rightX = rightXArg.SmallIntValue, kern = kernArg.SmallIntValue;
        if (start < 1 || stop < 1 || stop > str.Bytes.Length || Math.Abs(kern) > 1 << 24) return vm.Fail(PrimErr.BadIndex);

        if (vm.Stack(6).Ref is not PointersObject scanner || scanner.Slots.Length <= Map) return vm.Fail(PrimErr.BadReceiver);
        var s = scanner.Slots;
        if (!s[DestX].IsSmallInt || !s[LastIndex].IsSmallInt) return vm.Fail(PrimErr.BadReceiver);
        if (!StrikeGlyphs.TryLoad(s[XTable], s[Map], withMap: true, vm.Mem.ClassArray, out var glyphs)) return vm.Fail(PrimErr.BadReceiver);
        if (!TryFontRange(vm, scanner, out var minGlyph, out var maxGlyph)) return vm.Fail(PrimErr.BadReceiver);

        var nil = vm.Mem.Nil;
        var bytes = str.Bytes;
        var destX = s[DestX].SmallIntValue;
        for (var i = start; i <= stop; i++)
        {
            var code = bytes[i - 1];
            var stopValue = stops.Slots[code];
            if (!ReferenceEquals(stopValue.Ref, nil)) return Finish(vm, s, destX, i, stopValue);
            if (!glyphs.TryGlyph(code, out var glyph, out _, out var width) || glyph < minGlyph || glyph > maxGlyph) return vm.Fail(PrimErr.Unsupported);
            var next = destX + width;
            if (next > rightX != next + kern > rightX) return vm.Fail(PrimErr.Unsupported);
            if (next > rightX) return Finish(vm, s, destX, i, stops.Slots[CrossedX - 1]);
            destX = next + kern;
        }
        return Finish(vm, s, destX, stop, stops.Slots[EndOfRun - 1]);
    }

    private static readonly SlotLookup ScannerFont = new("font");
    private static readonly SlotLookup FontFields = new("xTable", "minAscii", "maxAscii");

    /// <summary>
    /// The glyphs whose width the font's widthOf: takes from its xTable: minAscii .. maxAscii + 1
    /// (the last one is what it measures every other glyph as). False unless the scanner's font is
    /// a strike font (xTable, minAscii and maxAscii) and its xTable is the scanner's.
    /// </summary>
    private static bool TryFontRange(Interpreter vm, PointersObject scanner, out long min, out long max)
    {
        min = max = 0;
        var fontSlot = ScannerFont.For(scanner.Class, vm.Mem)[0];
        if (fontSlot < 0 || scanner.Slots[fontSlot].Ref is not PointersObject font) return false;
        var f = FontFields.For(font.Class, vm.Mem);
        if (f[0] < 0 || f[1] < 0 || f[2] < 0) return false;
        if (!ReferenceEquals(font.Slots[f[0]].Ref, scanner.Slots[XTable].Ref)) return false;
        Value minAscii = font.Slots[f[1]], maxAscii = font.Slots[f[2]];
        if (!minAscii.IsSmallInt || !maxAscii.IsSmallInt) return false;
        min = minAscii.SmallIntValue;
        max = maxAscii.SmallIntValue + 1;
        return true;
    }

    private static bool Finish(Interpreter vm, Value[] scanner, long destX, long lastIndex, Value answer)
    {
        if (!vm.Mem.IsSmallIntRange(destX)) return vm.Fail(PrimErr.Unsupported);
        scanner[DestX] = Value.SmallInt(destX);
        scanner[LastIndex] = Value.SmallInt(lastIndex);
        return vm.Answer(6, answer);
    }
}
