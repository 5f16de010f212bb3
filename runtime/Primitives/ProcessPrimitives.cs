using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>Semaphores, process resume/suspend/yield and critical sections (Mutex).</summary>
public static class ProcessPrimitives
{
    private const int MutexOwner = 2;

    public static void Register(PrimitiveTable t)
    {
        t.Add(85, (vm, n) => IsList(vm.Stack(n), 3, out var s) && Then(vm.Answer(n, s), () => vm.SignalSemaphore(s)));
        t.Add(86, (vm, n) => IsList(vm.Stack(n), 3, out var s) && Then(vm.Answer(n, s), () => vm.WaitOnSemaphore(s)));
        t.Add(87, Resume);
        t.Add(88, (vm, n) => vm.Stack(n).Ref is PointersObject p && IsProcess(vm, p) && vm.Suspend(p, n));
        t.Add(167, (vm, n) => Then(vm.Answer(n, vm.Stack(n)), vm.Yield));
        t.Add(185, ExitCriticalSection);
        t.Add(186, EnterCriticalSection);
        t.Add(187, TestAndSetOwnership);
    }

    private static bool Then(bool ok, Action action)
    {
        if (ok) action();
        return ok;
    }

    private static bool IsList(Value v, int minSlots, out PointersObject list)
    {
        list = (v.Ref as PointersObject)!;
        return list is not null && list.Slots.Length >= minSlots;
    }

    private static bool IsProcess(Interpreter vm, PointersObject p) =>
        p.Slots.Length > Layout.ProcPriority && p.Slots[Layout.ProcPriority].IsSmallInt;

    private static bool Resume(Interpreter vm, int n)
    {
        if (vm.Stack(n).Ref is not PointersObject p || !IsProcess(vm, p)) return false;
        if (p.Slots[Layout.ProcSuspendedContext].Ref is not PointersObject ctx || ReferenceEquals(ctx, vm.Mem.Nil)) return vm.Fail(PrimErr.BadReceiver);
        vm.Answer(n, p);
        vm.Resume(p);
        return true;
    }

    private static bool EnterCriticalSection(Interpreter vm, int n)
    {
        if (!IsList(vm.Stack(n), 3, out var mutex)) return false;
        var active = n == 1 && vm.Stack(0).Ref is PointersObject given ? given : vm.ActiveProcess;
        var owner = mutex.Slots[MutexOwner];
        if (ReferenceEquals(owner.Ref, vm.Mem.Nil)) { mutex.Slots[MutexOwner] = active; return vm.Answer(n, false); }
        if (ReferenceEquals(owner.Ref, active)) return vm.Answer(n, true);
        vm.Answer(n, false);
        vm.WaitOnList(mutex);
        return true;
    }

    private static bool ExitCriticalSection(Interpreter vm, int n)
    {
        if (!IsList(vm.Stack(n), 3, out var mutex)) return false;
        vm.Answer(n, mutex);
        var next = vm.TakeFirstWaiting(mutex);
        if (next is null) mutex.Slots[MutexOwner] = vm.Mem.NilV;
        else { mutex.Slots[MutexOwner] = next; vm.Resume(next); }
        return true;
    }

    private static bool TestAndSetOwnership(Interpreter vm, int n)
    {
        if (!IsList(vm.Stack(n), 3, out var mutex)) return false;
        var active = vm.ActiveProcess;
        var owner = mutex.Slots[MutexOwner];
        if (ReferenceEquals(owner.Ref, vm.Mem.Nil)) { mutex.Slots[MutexOwner] = active; return vm.Answer(n, false); }
        return vm.Answer(n, ReferenceEquals(owner.Ref, active) ? vm.Mem.TrueV : vm.Mem.NilV);
    }
}
