using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// Primitive 97, snapshot: writes the running heap as an image file at the image's path. The
/// active process is saved suspended inside this primitive, so when the file is resumed the
/// primitive answers true there; in the running image it answers false.
/// </summary>
public static class SnapshotPrimitive
{
    public static void Register(PrimitiveTable t) => t.Add(97, Snapshot);

    private static bool Snapshot(Interpreter vm, int n)
    {
        if (string.IsNullOrEmpty(vm.ImagePath) || Plugins.WriteProtection.Forbids(vm.ImagePath)) return false;
        var process = vm.ActiveProcess;
        // The receiver stays on the stack: on resume it is replaced by the answer (true).
        vm.PopN(n);
        var ctx = vm.ThisContext();
        vm.PopN(1);
        vm.StoreContextRegisters();
        process.Slots[Layout.ProcSuspendedContext] = ctx;
        try
        {
            ImageWriter.Save(vm.Image, vm.ImagePath);
        }
        catch (IOException)
        {
            return RestoreAndFail(vm, process, n);
        }
        catch (UnauthorizedAccessException)
        {
            return RestoreAndFail(vm, process, n);
        }
        process.Slots[Layout.ProcSuspendedContext] = vm.Mem.NilV;
        vm.Push(vm.Mem.FalseV);
        return true;
    }

    private static bool RestoreAndFail(Interpreter vm, PointersObject process, int n)
    {
        process.Slots[Layout.ProcSuspendedContext] = vm.Mem.NilV;
        vm.PopN(-(n + 1));   // a failing primitive leaves receiver and arguments where they were
        return false;
    }
}
