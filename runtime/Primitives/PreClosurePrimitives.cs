using ImageAot.Runtime.Execution;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// Numbered primitives whose meaning changed when closures came (Squeak 3.x): in images
/// without closures (format 6502) 150–169 are files and directories and 234–246 the
/// MiscPrimitivePlugin, while later images use many of those numbers for other things
/// (160 adoptInstance:, 243 updateTimeZone, …). As SqueakJS does, the old meaning applies
/// only to images without closures; for the others the entry registered before (if any)
/// still answers.
/// </summary>
public static class PreClosurePrimitives
{
    public static void Add(PrimitiveTable t, int index, Primitive old)
    {
        var newer = t.Numbered(index);
        t.Add(index, (vm, n) => IsPreClosure(vm) ? old(vm, n) : newer is not null && newer(vm, n));
    }

    public static bool IsPreClosure(Interpreter vm) => !vm.Image.Format.HasClosures;
}
