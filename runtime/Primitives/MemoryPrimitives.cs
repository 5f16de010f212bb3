using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Memory;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// Garbage collection and memory figures: bytesLeft (112), full and incremental collection
/// (130, 131: they clear weak slots and signal finalization, see
/// <see cref="Interpreter.CollectGarbage"/>) and vmParameterAt:(put:) (254).
/// </summary>
public static class MemoryPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.Add(112, (vm, n) => vm.Answer(n, vm.Mem.Integer(vm.BytesLeft)));
        t.Add(130, (vm, n) => Collect(vm, n, full: true));
        t.Add(131, (vm, n) => Collect(vm, n, full: false));
        t.Add(254, VmParameter);
    }

    private static bool Collect(Interpreter vm, int n, bool full)
    {
        var cleared = vm.CollectGarbage(full);
        vm.Answer(n, vm.Mem.Integer(vm.BytesLeft));
        if (cleared > 0) vm.SignalFinalization();
        return true;
    }

    private const int ParameterCount = 72;

    /// <summary>vmParameterAt: (one argument), vmParameterAt:put: (two: answers the previous value) and getVMParameters (none: all of them).</summary>
    private static bool VmParameter(Interpreter vm, int n)
    {
        if (n == 0)
        {
            var all = new Value[ParameterCount];
            for (var i = 0; i < all.Length; i++) all[i] = vm.Mem.Integer(Parameter(vm, i + 1));
            return vm.Answer(0, vm.Mem.NewArray(all));
        }
        if (n > 2 || !vm.Stack(n - 1).IsSmallInt) return false;
        var index = (int)vm.Stack(n - 1).Bits;
        if (index < 1 || index > ParameterCount) return false;
        var value = Parameter(vm, index);
        if (n == 2)
        {
            if (!vm.Stack(0).IsSmallInt) return false;
            // Settings this VM has no use for are remembered, so the image reads back what it set.
            vm.VmParameterSettings[index] = vm.Stack(0).Bits;
        }
        return vm.Answer(n, vm.Mem.Integer(value));
    }

    /// <summary>
    /// One parameter as Squeak numbers them. Sizes follow the V3 reading that Cuis's and Squeak's
    /// statistics reports use: 1 the old generation, 2 that plus the young one (bytes in use),
    /// 3 all the heap may take (the VM's heap limit), so 3 - 2 is what bytesLeft answers.
    /// </summary>
    private static long Parameter(Interpreter vm, int index)
    {
        var stats = vm.GcStats;
        switch (index)
        {
            case 1: return GcStatistics.OldBytes;
            case 2: return GcStatistics.UsedBytes;
            case 3: return Math.Max(vm.HeapLimitBytes, GcStatistics.UsedBytes);
            case 4: return vm.Mem.Allocations;
            case 7: return GcStatistics.FullCount;
            case 8: return stats.FullMs;
            case 9: return GcStatistics.IncrementalCount;
            case 10: return stats.IncrementalMs;
            case 11: return GcStatistics.TenureCount;
            case 40: return vm.Mem.WordSize;
            case 41: return vm.Image.Format.Number;
            case 44: return GcStatistics.EdenBytes;
            default: return vm.VmParameterSettings.TryGetValue(index, out var v) ? v : 0;
        }
    }
}
