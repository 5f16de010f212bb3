using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>Clocks, the timer, quitting, the low-space and interrupt semaphores, system attributes and the VM's own paths.</summary>
public static class SystemPrimitives
{
    private static readonly DateTime SqueakEpoch = new(1901, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const long MillisecondMask = Interpreter.MillisecondClockMask;

    public static void Register(PrimitiveTable t)
    {
        t.Add(113, (vm, n) => { vm.Quit(n >= 1 && vm.Stack(0).IsSmallInt ? (int)vm.Stack(0).Bits : 0); return vm.Answer(n, vm.Stack(n)); });
        t.Add(135, (vm, n) => vm.Answer(n, vm.MillisecondClock));
        t.Add(136, SignalAtMilliseconds);
        t.Add(137, (vm, n) => vm.Answer(n, LocalMicroseconds() / 1_000_000));
        t.Add(240, (vm, n) => vm.Answer(n, vm.Mem.Integer(UtcMicroseconds())));
        t.Add(241, (vm, n) => vm.Answer(n, vm.Mem.Integer(LocalMicroseconds())));
        t.Add(242, SignalAtUtcMicroseconds);
        t.Add(230, (vm, n) => { vm.Relinquish(n >= 1 && vm.Stack(0).IsSmallInt ? vm.Stack(0).Bits : 1000); return vm.Answer(n, vm.Stack(n)); });
        t.Add(124, (vm, n) => SetSpecial(vm, n, SpecialObjectIndex.TheLowSpaceSemaphore));
        t.Add(125, SignalAtBytesLeft);
        t.Add(134, (vm, n) => SetSpecial(vm, n, SpecialObjectIndex.TheInterruptSemaphore));
        t.Add(133, (vm, n) => vm.Answer(n, vm.Stack(n)));
        t.Add(121, ImageName);
        t.AddNamed("", "primitiveInterpreterSourceVersion", InterpreterSourceVersion);
        t.Add(142, (vm, n) => vm.Answer(n, vm.Mem.NewString(vm.VmPath.TrimEnd('/') + "/")));
        t.Add(149, GetAttribute);
    }

    public static long UtcMicroseconds() => (DateTime.UtcNow - SqueakEpoch).Ticks / 10;

    public static long LocalMicroseconds() => UtcMicroseconds() + (long)TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow).TotalMilliseconds * 1000;

    /// <summary>primSignalAtBytesLeft: (125): arms the low-space signal (0 disarms it); see Interpreter.LowSpaceThreshold.</summary>
    private static bool SignalAtBytesLeft(Interpreter vm, int n)
    {
        if (n != 1 || !vm.Stack(0).IsSmallInt || vm.Stack(0).Bits < 0) return vm.Fail(PrimErr.BadArgument);
        vm.LowSpaceThreshold = vm.Stack(0).Bits;
        return vm.Answer(n, vm.Stack(n));
    }

    private static bool SetSpecial(Interpreter vm, int n, int index)
    {
        if (n != 1) return false;
        vm.Mem.SpecialObjects.Slots[index] = vm.Stack(0);
        return vm.Answer(1, vm.Stack(1));
    }

    private static bool SignalAtMilliseconds(Interpreter vm, int n)
    {
        if (n != 2 || !vm.Stack(0).IsSmallInt) return false;
        vm.Mem.SpecialObjects.Slots[SpecialObjectIndex.TheTimerSemaphore] = vm.Stack(1);
        var isSemaphore = vm.Stack(1).Ref is PointersObject && !ReferenceEquals(vm.Stack(1).Ref, vm.Mem.Nil);
        if (!isSemaphore) { vm.ScheduleTimer(0); return vm.Answer(2, vm.Stack(2)); }
        // The image computes the wake-up time from the wrapped clock: turn it back into our unwrapped one.
        var delta = (vm.Stack(0).Bits - vm.MillisecondClock) & MillisecondMask;
        if (delta > MillisecondMask / 2) delta = 0;
        vm.ScheduleTimer(Math.Max(1, vm.MillisecondsSinceStart + delta));
        return vm.Answer(2, vm.Stack(2));
    }

    private static bool SignalAtUtcMicroseconds(Interpreter vm, int n)
    {
        if (n != 2 || !vm.Mem.TryInt64(vm.Stack(0), out var usecs)) return false;
        vm.Mem.SpecialObjects.Slots[SpecialObjectIndex.TheTimerSemaphore] = vm.Stack(1);
        var isSemaphore = vm.Stack(1).Ref is PointersObject && !ReferenceEquals(vm.Stack(1).Ref, vm.Mem.Nil);
        if (!isSemaphore) { vm.ScheduleTimer(0); return vm.Answer(2, vm.Stack(2)); }
        var deltaMs = (usecs - UtcMicroseconds()) / 1000;
        vm.ScheduleTimer(Math.Max(1, vm.MillisecondsSinceStart + Math.Max(0, deltaMs)));
        return vm.Answer(2, vm.Stack(2));
    }

    private static bool ImageName(Interpreter vm, int n)
    {
        if (n == 1)
        {
            if (ObjectMemory.StringOf(vm.Stack(0)) is not { } name) return false;
            vm.ImagePath = name;
            return vm.Answer(1, vm.Stack(1));
        }
        return vm.Answer(n, vm.Mem.NewString(vm.ImagePath));
    }

    private static bool GetAttribute(Interpreter vm, int n)
    {
        if (n != 1 || !vm.Stack(0).IsSmallInt) return false;
        var value = Attribute(vm, (int)vm.Stack(0).Bits);
        return value is null ? vm.Answer(1, vm.Mem.NilV) : vm.Answer(1, vm.Mem.NewString(value));
    }

    /// <summary>primitiveInterpreterSourceVersion: the version of the VM's source, the text attribute 1009 gives too.</summary>
    private static bool InterpreterSourceVersion(Interpreter vm, int n) =>
        n == 0 && Attribute(vm, 1009) is { } version && vm.Answer(0, vm.Mem.NewString(version));

    /// <summary>System attribute <paramref name="key"/> (getSystemAttribute:): negative keys are VM options, 0 the VM, 1 the image, 2… its arguments, 1001… the platform and VM.</summary>
    private static string? Attribute(Interpreter vm, int key) =>
        vm.SystemAttributes.TryGetValue(key, out var custom) ? custom : key switch
        {
            0 => Environment.ProcessPath ?? "launcher",
            1 => vm.ImagePath,
            1001 => "unix",
            1002 => "linux",
            1003 => "x86_64",
            1004 => "ImageAot 0.1",
            1005 => "none",
            1006 => "ImageAot interpreter",
            1007 => "ImageAot",
            1008 => "ImageAot",
            1009 => "ImageAot",
            < 0 when -key <= vm.VmArguments.Count => vm.VmArguments[-key - 1],
            _ => key > 1 && key - 2 < vm.ImageArguments.Count ? vm.ImageArguments[key - 2] : null,
        };
}
