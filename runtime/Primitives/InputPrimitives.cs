using ImageAot.Runtime.Display;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// Input for both styles of image: event images set an input semaphore (93) and take whole events
/// (94); older images poll the mouse (90, 107) and a keyboard buffer (108, 109).
/// </summary>
public static class InputPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.Add(90, (vm, n) => vm.Answer(n, vm.Mem.NewPoint(Value.SmallInt(vm.Input.MouseX), Value.SmallInt(vm.Input.MouseY))));
        // Polled buttons carry the modifier keys above the three button bits.
        t.Add(107, (vm, n) => vm.Answer(n, (long)(vm.Input.Buttons | vm.Input.Modifiers << 3)));
        t.Add(108, (vm, n) => vm.Input.NextKey(take: true) is { } k ? vm.Answer(n, (long)k) : vm.Answer(n, vm.Mem.NilV));
        t.Add(109, (vm, n) => vm.Input.NextKey(take: false) is { } k ? vm.Answer(n, (long)k) : vm.Answer(n, vm.Mem.NilV));
        t.Add(93, InputSemaphore);
        t.Add(94, NextEvent);
    }

    private static bool InputSemaphore(Interpreter vm, int n)
    {
        if (n != 1) return false;
        vm.Mem.SpecialObjects.Slots[SpecialObjectIndex.TheInputSemaphore] = vm.Stack(0);
        vm.Input.ImageUsesEvents = !ReferenceEquals(vm.Stack(0).Ref, vm.Mem.Nil);
        return vm.Answer(1, vm.Stack(1));
    }

    /// <summary>primitiveGetNextEvent: fills the 8-element array with the next event, or with type 0 when there is none.</summary>
    private static bool NextEvent(Interpreter vm, int n)
    {
        if (n != 1 || vm.Stack(0).Ref is not PointersObject array || array.Slots.Length < 8) return false;
        vm.Input.ImageUsesEvents = true;
        var s = array.Slots;
        if (!vm.Input.TryTake(out var e, out var time))
        {
            for (var i = 0; i < s.Length; i++) s[i] = Value.SmallInt(0);
            return vm.Answer(1, vm.Stack(1));
        }
        s[0] = Value.SmallInt((long)e.Type);
        s[1] = Value.SmallInt(time & Interpreter.MillisecondClockMask);
        s[2] = Value.SmallInt(e.F1);
        s[3] = Value.SmallInt(e.F2);
        s[4] = Value.SmallInt(e.F3);
        s[5] = Value.SmallInt(e.F4);
        s[6] = Value.SmallInt(e.F5);
        s[7] = Value.SmallInt(e.Type == InputEventType.Window ? 1 : 0);
        for (var i = 8; i < s.Length; i++) s[i] = Value.SmallInt(0);
        return vm.Answer(1, vm.Stack(1));
    }
}
