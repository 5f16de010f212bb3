using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// The runtime functions a send site can cache instead of a body, as IDirectTargets (ArityEntries gives each its per-arity entries).
public sealed partial class Interpreter
{
    private struct AtDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            AtDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct AtPutDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            AtPutDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct BasicNewDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            BasicNewDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct BasicNewWithSizeDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            BasicNewWithSizeDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct MakePointDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            MakePointDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct PerformDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            PerformDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct PerformWithArgumentsDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            PerformWithArgumentsDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct PrimitiveThenBodyTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            PrimitiveThenBody(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct QuickAnswerTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            QuickAnswer(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct SignalDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            SignalDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct SizeDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            SizeDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct UnwindMarkedDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            UnwindMarkedDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct ValueBlockDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            ValueBlockDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct ValueClosureDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            ValueClosureDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }

    private struct WaitDirectTarget : IDirectTarget
    {
        public static Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume) =>
            WaitDirect(vm, mi, depth, r, a1, a2, a3, a4, resume);
    }
}
