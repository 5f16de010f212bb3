using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// The primitives a simulator runs primitives with (Context>>doPrimitive:method:receiver:args:,
/// behind runSimulated: and the debugger's stepping): 118 <c>tryPrimitive: index withArgs: args</c>
/// and 218 <c>tryNamedPrimitiveIn: method for: receiver withArgs: args</c>. Each sets up the stack
/// as a real send would and runs the primitive; on failure the stack is put back and the error
/// code kept, so the image answers its primitive-failed token and simulates the fallback code.
/// </summary>
public static class SimulationPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.Add(118, TryPrimitive);
        t.Add(218, TryNamedPrimitive);
    }

    private static bool TryPrimitive(Interpreter vm, int n)
    {
        if (n != 2 || !vm.Stack(1).IsSmallInt || !IsArray(vm, vm.Stack(0), out var args)) return vm.Fail(PrimErr.BadArgument);
        var index = vm.Stack(1).SmallIntValue;
        if (index is >= 256 and <= 519) return Quick(vm, (int)index, args);
        // 117/118/218 read their method or arguments from elsewhere: not through this route.
        var p = index is 117 or 118 or 218 ? null : vm.Primitives.Numbered((int)index);
        if (p is null) return vm.Fail(PrimErr.NotFound);
        return RunWithArguments(vm, p, args, extraBelow: 0);
    }

    private static bool TryNamedPrimitive(Interpreter vm, int n)
    {
        if (n != 3 || vm.Stack(2).Ref is not CompiledMethodObject method || !IsArray(vm, vm.Stack(0), out var args)) return vm.Fail(PrimErr.BadArgument);
        var info = vm.InfoOf(method);
        if (info.PrimitiveIndex != 117 || info.Primitive is not { } p) return vm.Fail(PrimErr.NotFound);
        // The method argument sits between the bystander and the real receiver: drop both.
        return RunWithArguments(vm, p, args, extraBelow: 1);
    }

    private static bool IsArray(Interpreter vm, Value v, out Value[] slots)
    {
        var isArray = v.Ref is PointersObject a && ReferenceEquals(a.Class, vm.Mem.ClassArray);
        slots = isArray ? ((PointersObject)v.Obj).Slots : [];
        return isArray;
    }

    /// <summary>
    /// Replaces what lies above the receiver (and the <paramref name="extraBelow"/> slots under it)
    /// by the receiver and <paramref name="args"/>, and runs <paramref name="p"/>; on failure puts
    /// the original stack back.
    /// </summary>
    private static bool RunWithArguments(Interpreter vm, Primitive p, Value[] args, int extraBelow)
    {
        var ownArgs = 2 + extraBelow;                   // the primitive's own operands above the bystander
        var saved = new Value[ownArgs + 1];
        for (var i = 0; i <= ownArgs; i++) saved[i] = vm.Stack(ownArgs - i);
        var receiver = extraBelow == 0 ? saved[0] : saved[2];
        if (vm.StackRoom < args.Length - ownArgs) return vm.Fail(PrimErr.Unsupported);
        vm.PopN(ownArgs + 1);
        vm.Push(receiver);
        foreach (var a in args) vm.Push(a);
        vm.PrimFailCode = 0;
        if (p(vm, args.Length)) return true;
        var code = vm.PrimFailCode == 0 ? PrimErr.Generic : vm.PrimFailCode;
        vm.PopN(args.Length + 1);
        foreach (var v in saved) vm.Push(v);
        return vm.Fail(code);
    }

    /// <summary>Quick primitives: answer self, a constant or an instance variable, without arguments.</summary>
    private static bool Quick(Interpreter vm, int index, Value[] args)
    {
        if (args.Length != 0) return vm.Fail(PrimErr.BadNumArgs);
        var r = vm.Stack(2);
        Value answer;
        switch (index)
        {
            case 256: answer = r; break;
            case 257: answer = vm.Mem.TrueV; break;
            case 258: answer = vm.Mem.FalseV; break;
            case 259: answer = vm.Mem.NilV; break;
            case <= 263: answer = Value.SmallInt(index - 261); break;
            default:
                if (r.Ref is not PointersObject o || index - 264 >= o.Slots.Length) return vm.Fail(PrimErr.BadReceiver);
                answer = o.Slots[index - 264];
                break;
        }
        return vm.Answer(2, answer);
    }
}
