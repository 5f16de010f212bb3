namespace ImageAot.Runtime.Execution;

/// <summary>
/// Primitives a direct-call frame may run without first writing the .NET frames out into
/// contexts: they read their receiver and arguments, answer or fail, and touch neither the
/// active context, the process scheduler nor the heap as a whole (become:,
/// allInstances and the like must see every frame as a context). Anything not listed is run
/// by the interpreter after a flush, which is always correct.
/// </summary>
public static class DirectSafePrimitives
{
    private static readonly HashSet<int> Numbered =
    [
        .. Enumerable.Range(1, 59),           // SmallInteger, LargeInteger (20–37) and Float arithmetic; makePoint (18)
        60, 61, 62, 63, 64,                   // at:, at:put:, size, string at:/at:put:
        65, 66, 67,                           // stream next, nextPut:, atEnd
        68, 69, 70, 71, 73, 74, 75, 79,       // objectAt:, basicNew(:), instVarAt:(put:), identityHash, newMethod:header:
        96, 103, 104, 147,                    // BitBlt copyBits, scanCharacters (it copies glyphs in Squeak 2), drawLoopX:Y:, warpBits
        105, 110, 111, 121, 129,              // replaceFrom:to:with:startingAt:, ==, class, imageName, specialObjectsArray
        135, 136, 137, 143, 144, 145, 148, 149, // clocks, timer signal (only records the wake-up time), shortAt:, fill, shallowCopy, attributes
        169, 170, 171, 173, 174, 175, 240, 241, 242,
        234, 235, 236, 237, 243, 244, 245, 246, // the old numbered string primitives (compare, translate, find…)
        90, 91, 93, 94, 101, 102, 106, 107, 108, 109, // display and input: they read the input queue or note a form
        126, 127, 140, 141, 230, 231, 233,    // showing the screen, beep, clipboard, relinquishing the processor (a sleep)
        89, 116, 119,                         // flushCache: a frame reloads its send sites at every send, so emptying them under it is safe
        132,                                  // pointsTo: (Cuis' compiler asks it of every literal it scans)
        .. Enumerable.Range(541, 19),         // SmallFloat64 arithmetic
    ];

    private static readonly HashSet<string> Modules = ["LargeIntegers", "MiscPrimitivePlugin", "FilePlugin", "BitBltPlugin", "ScratchPlugin", "FloatArrayPlugin"];

    public static bool Allows(int index, string? module) =>
        index == 117 ? module is not null && Modules.Contains(module) : Numbered.Contains(index);
}
