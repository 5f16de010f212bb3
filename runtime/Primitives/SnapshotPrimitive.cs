using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// Primitive 97, snapshot: writes the running heap as an image file at the image's path. The
/// active process is saved suspended inside this primitive with true already in the receiver's
/// place, as the C VM and SqueakJS save it, so the resumed image finds the primitive's answer on
/// its stack (a VM pushes nothing when it resumes a snapshot); in the running image it answers false.
/// </summary>
public static class SnapshotPrimitive
{
    public static void Register(PrimitiveTable t) => t.Add(97, Snapshot);

    private static bool Snapshot(Interpreter vm, int n)
    {
        if (!vm.SnapshotsAllowed || string.IsNullOrEmpty(vm.ImagePath) || Plugins.WriteProtection.Forbids(vm.ImagePath)) return false;
        var process = vm.ActiveProcess;
        var receiver = vm.Stack(n);
        vm.PopN(n);
        vm.SetStack(0, vm.Mem.TrueV);
        var ctx = vm.ThisContext();
        vm.StoreContextRegisters();
        process.Slots[Layout.ProcSuspendedContext] = ctx;
        try
        {
            ImageWriter.Save(vm.Image, vm.ImagePath);
        }
        catch (IOException)
        {
            return RestoreAndFail(vm, process, receiver, n);
        }
        catch (UnauthorizedAccessException)
        {
            return RestoreAndFail(vm, process, receiver, n);
        }
        process.Slots[Layout.ProcSuspendedContext] = vm.Mem.NilV;
        vm.SetStack(0, vm.Mem.FalseV);
        return true;
    }

    private static bool RestoreAndFail(Interpreter vm, PointersObject process, Value receiver, int n)
    {
        process.Slots[Layout.ProcSuspendedContext] = vm.Mem.NilV;
        vm.SetStack(0, receiver);
        vm.PopN(-n);   // a failing primitive leaves receiver and arguments where they were
        return false;
    }
}
