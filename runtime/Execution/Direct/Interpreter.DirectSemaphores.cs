using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// Semaphore signal and wait (primitives 85 and 86) as send-site targets: a direct frame does
// them in place when no process changes state (a wait with a signal in hand, a signal nobody
// waits for), which is what critical: sections do all the time; a real process switch flushes.
public sealed partial class Interpreter
{
    private static Value SignalDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume)
    {
        if (r.Ref is PointersObject s && s.Slots.Length > Layout.SemaExcessSignals && vm.IsEmptyList(s) && s.Slots[Layout.SemaExcessSignals] is { IsSmallInt: true } excess)
        {
            s.Slots[Layout.SemaExcessSignals] = Value.SmallInt(excess.Bits + 1);
            return r;
        }
        vm.Flush = FlushAtSend;
        return default;
    }

    private static Value WaitDirect(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume)
    {
        if (r.Ref is PointersObject s && s.Slots.Length > Layout.SemaExcessSignals && s.Slots[Layout.SemaExcessSignals] is { IsSmallInt: true, Bits: > 0 } excess)
        {
            s.Slots[Layout.SemaExcessSignals] = Value.SmallInt(excess.Bits - 1);
            return r;
        }
        vm.Flush = FlushAtSend;
        return default;
    }
}
