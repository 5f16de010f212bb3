using System.Runtime.CompilerServices;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// perform: and perform:withArguments: from a direct frame: the selector is looked up and its
/// method called directly (or answered quickly, or its context-free primitive run) like any
/// other send, so that code dispatching through perform: (the compiler's code generator does
/// much of it) does not flush. Anything else flushes at the perform: send and the interpreter
/// does it.
/// </summary>
public sealed partial class Interpreter
{
    /// <summary>The send-site target for perform:, perform:with: … (primitive 83): the selector is the first argument.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Value PerformDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume)
    {
        var target = PerformTarget(vm, r, a1, mi.NumArgs - 1, out var info);
        if (target != 0) return Invoke(target, mi.NumArgs - 1, vm, info!, depth + 1, r, a2, a3, a4, default);
        vm.Flush = FlushAtSend;
        return default;
    }

    /// <summary>The send-site target for perform:withArguments: (primitive 84), for an Array of up to four arguments.</summary>
    internal static Value PerformWithArgumentsDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume)
    {
        if (mi.NumArgs == 2 && a2.Ref is PointersObject args && ReferenceEquals(args.Class, vm.ClassArray) && args.Slots.Length <= Bytecodes.DirectFlow.MaxArgs)
        {
            var s = args.Slots;
            var target = PerformTarget(vm, r, a1, s.Length, out var info);
            if (target != 0)
                return Invoke(target, s.Length, vm, info!, depth + 1, r,
                    s.Length > 0 ? s[0] : default, s.Length > 1 ? s[1] : default, s.Length > 2 ? s[2] : default, s.Length > 3 ? s[3] : default, default);
        }
        vm.Flush = FlushAtSend;
        return default;
    }

    private static nint PerformTarget(Interpreter vm, Value r, Value selector, int argc, out MethodInfo? info)
    {
        info = null;
        return selector.Ref is BytesObject sel ? vm.DirectTarget(vm.Mem.ClassOf(r), sel, argc, out info) : 0;
    }
}
