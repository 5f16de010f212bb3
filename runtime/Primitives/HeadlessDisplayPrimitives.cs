using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// The screen, cursor and input primitives of a VM without a window: the display form the image
/// designates is remembered, updates and cursor changes succeed and show nothing, and no input
/// ever arrives. (A windowed display replaces these.)
/// </summary>
public static class HeadlessDisplayPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.Add(101, (vm, n) => vm.Answer(n, vm.Stack(n)));                                 // beCursor
        t.Add(102, BeDisplay);
        t.Add(106, ScreenSize);
        t.Add(126, (vm, n) => vm.Answer(n, vm.Stack(n)));                                 // deferUpdates:
        t.Add(127, (vm, n) => vm.Answer(n, vm.Stack(n)));                                 // showDisplayRect
        t.Add(231, (vm, n) => vm.Answer(n, vm.Stack(n)));                                 // forceDisplayUpdate
        t.Add(233, (vm, n) => vm.Answer(n, vm.Stack(n)));                                 // fullScreen:
        t.Add(140, (vm, n) => vm.Answer(n, vm.Stack(n)));                                 // beep
        // 91 tests a display depth in closure images; before closures it was cursorLocPut:.
        t.Add(91, SupportsDepth);
        PreClosurePrimitives.Add(t, 91, (vm, n) => vm.Answer(n, vm.Stack(n)));
        t.Add(90, (vm, n) => vm.Answer(n, vm.Mem.NewPoint(Value.SmallInt(0), Value.SmallInt(0))));  // mousePoint
        t.Add(107, (vm, n) => vm.Answer(n, 0L));                                          // mouseButtons
        t.Add(108, (vm, n) => vm.Answer(n, vm.Mem.NilV));                                 // kbdNext
        t.Add(109, (vm, n) => vm.Answer(n, vm.Mem.NilV));                                 // kbdPeek
        t.Add(94, NoEvent);
    }

    /// <summary>primitiveTestDisplayDepth: the depths BitBlt draws (negative: little-endian pixels).</summary>
    private static bool SupportsDepth(Interpreter vm, int n)
    {
        if (n != 1 || !vm.Stack(0).IsSmallInt) return false;
        return vm.Answer(n, Math.Abs(vm.Stack(0).SmallIntValue) is 1 or 2 or 4 or 8 or 16 or 32);
    }

        private static bool BeDisplay(Interpreter vm, int n)
    {
        if (vm.Stack(n).Ref is not PointersObject) return false;
        vm.Mem.SpecialObjects.Slots[SpecialObjectIndex.TheDisplay] = vm.Stack(n);
        return vm.Answer(n, vm.Stack(n));
    }

    /// <summary>The size of the display form the image last designated, or 1024@768.</summary>
    private static bool ScreenSize(Interpreter vm, int n)
    {
        long w = 1024, h = 768;
        if (vm.Mem.Special(SpecialObjectIndex.TheDisplay).Ref is PointersObject form && form.Slots.Length >= 3
            && form.Slots[1].IsSmallInt && form.Slots[2].IsSmallInt && form.Slots[1].Bits > 0 && form.Slots[2].Bits > 0)
        {
            w = form.Slots[1].Bits;
            h = form.Slots[2].Bits;
        }
        return vm.Answer(n, vm.Mem.NewPoint(Value.SmallInt(w), Value.SmallInt(h)));
    }

    /// <summary>getNextEvent: fills the event array with "no event" (type 0).</summary>
    private static bool NoEvent(Interpreter vm, int n)
    {
        if (n != 1 || vm.Stack(0).Ref is not PointersObject array) return false;
        for (var i = 0; i < array.Slots.Length; i++) array.Slots[i] = Value.SmallInt(0);
        return vm.Answer(1, vm.Stack(1));
    }
}
