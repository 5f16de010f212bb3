using ImageAot.Runtime.Display;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Graphics;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// The screen primitives: which form is the Display, showing parts of it, the window's size and
/// mode, the cursor and the clipboard. They work the same with a window and headless; what a
/// person sees goes through <see cref="Screen"/> and its host.
/// </summary>
public static class DisplayPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.Add(101, BeCursor);
        t.Add(102, BeDisplay);
        t.Add(106, ScreenSize);
        t.Add(126, DeferUpdates);
        t.Add(127, ShowDisplayRect);
        t.Add(231, ForceDisplayUpdate);
        t.Add(233, FullScreen);
        t.Add(140, (vm, n) => vm.Answer(n, vm.Stack(n)));                                 // beep
        t.Add(141, ClipboardText);
        // 91 tests a display depth (an integer argument) since Squeak 2.8; before, it was cursorLocPut: (a point).
        t.Add(91, (vm, n) => n == 1 && vm.Stack(0).IsSmallInt ? SupportsDepth(vm) : vm.Answer(n, vm.Stack(n)));
    }

    /// <summary>primitiveTestDisplayDepth: the depths the screen shows (negative: little-endian pixels).</summary>
    private static bool SupportsDepth(Interpreter vm) =>
        vm.Answer(1, Surface.IsValidDepth((int)Math.Clamp(Math.Abs(vm.Stack(0).SmallIntValue), 0, 64)));

    private static bool BeDisplay(Interpreter vm, int n)
    {
        if (n != 0 || !Surface.TryRead(vm.Stack(0), out var form)) return false;
        vm.Mem.SpecialObjects.Slots[SpecialObjectIndex.TheDisplay] = vm.Stack(0);
        vm.Screen.NoteReplaced(PixelRect.Sized(form.Width, form.Height));
        return vm.Answer(0, vm.Stack(0));
    }

    /// <summary>The window's size (the saved screen size when there is no window).</summary>
    private static bool ScreenSize(Interpreter vm, int n) =>
        vm.Answer(n, vm.Mem.NewPoint(Value.SmallInt(vm.Screen.WindowWidth), Value.SmallInt(vm.Screen.WindowHeight)));

    private static bool DeferUpdates(Interpreter vm, int n)
    {
        if (n != 1) return false;
        var arg = vm.Stack(0).Ref;
        if (ReferenceEquals(arg, vm.Mem.True)) vm.Screen.DeferUpdates = true;
        else if (ReferenceEquals(arg, vm.Mem.False)) vm.Screen.DeferUpdates = false;
        else return false;
        return vm.Answer(1, vm.Stack(1));
    }

    /// <summary>primShowRectLeft:right:top:bottom: — show that part of the Display form.</summary>
    private static bool ShowDisplayRect(Interpreter vm, int n)
    {
        if (n != 4) return false;
        for (var i = 0; i < 4; i++) if (!vm.Stack(i).IsSmallInt) return false;
        int Clamp(int depth) => (int)Math.Clamp(vm.Stack(depth).SmallIntValue, 0, int.MaxValue / 2);
        int left = Clamp(3), right = Clamp(2), top = Clamp(1), bottom = Clamp(0);
        if (ReferenceEquals(vm.Stack(4).Ref, vm.DisplayForm.Ref) && !vm.Screen.Show(vm.Stack(4), new PixelRect(left, top, right, bottom)))
            return false;
        return vm.Answer(4, vm.Stack(4));
    }

    private static bool ForceDisplayUpdate(Interpreter vm, int n)
    {
        if (vm.Screen.HasDrawnArea) vm.Screen.ShowDrawn(vm.DisplayForm);
        return vm.Answer(n, vm.Stack(n));
    }

    private static bool FullScreen(Interpreter vm, int n)
    {
        if (n != 1) return false;
        vm.Screen.Host?.SetFullScreen(ReferenceEquals(vm.Stack(0).Ref, vm.Mem.True));
        return vm.Answer(1, vm.Stack(1));
    }

    /// <summary>beCursor and beCursorWithMask: — a 1-bit form (up to 16x16) and its offset become the window's cursor.</summary>
    private static bool BeCursor(Interpreter vm, int n)
    {
        if (n > 1) return false;
        if (!TryCursorBits(vm.Stack(n), out var bits, out var w, out var h)) return false;
        uint[]? mask = null;
        if (n == 1 && !ReferenceEquals(vm.Stack(0).Ref, vm.Mem.Nil) && !TryCursorBits(vm.Stack(0), out mask, out _, out _)) return false;
        var form = (PointersObject)vm.Stack(n).Ref!;
        int hotX = 0, hotY = 0;
        if (form.Slots.Length > 4 && form.Slots[4].Ref is PointersObject offset && offset.Slots.Length >= 2
            && offset.Slots[0].IsSmallInt && offset.Slots[1].IsSmallInt)
        {
            hotX = (int)Math.Clamp(-offset.Slots[0].SmallIntValue, 0, w - 1);
            hotY = (int)Math.Clamp(-offset.Slots[1].SmallIntValue, 0, h - 1);
        }
        vm.Screen.Host?.SetCursor(new CursorImage(w, h, bits, mask, hotX, hotY));
        return vm.Answer(n, vm.Stack(n));
    }

    private static bool TryCursorBits(Value v, out uint[] bits, out int width, out int height)
    {
        bits = [];
        width = height = 0;
        if (!Surface.TryRead(v, out var form) || form.Depth != 1 || form.Width is < 1 or > 32 || form.Height is < 1 or > 32) return false;
        width = Math.Min(form.Width, 16);
        height = Math.Min(form.Height, 16);
        bits = new uint[height];
        for (var y = 0; y < height; y++) bits[y] = form.Bits[y * form.Pitch];
        return true;
    }

    /// <summary>clipboardText and clipboardText: — the host's clipboard (a private one when headless).</summary>
    private static bool ClipboardText(Interpreter vm, int n)
    {
        if (n == 0) return vm.Answer(0, vm.Mem.NewString(vm.Screen.ReadClipboard().ReplaceLineEndings("\r")));
        if (n != 1 || ObjectMemory.StringOf(vm.Stack(0)) is not { } s) return false;
        vm.Screen.WriteClipboard(s.ReplaceLineEndings("\n"));
        return vm.Answer(1, vm.Stack(1));
    }
}
