using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>Blocks, perform:, executeMethod: and the cache-flushing primitives.</summary>
public static class ControlPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.Add(80, (vm, n) => vm.BlockCopy(n));
        t.Add(81, BlockContextValue);
        t.Add(82, BlockContextValueWithArguments);
        t.Add(83, Perform);
        t.Add(84, PerformWithArguments);
        t.Add(100, PerformWithArgumentsInSuperclass);
        t.Add(188, WithArgsExecuteMethod);
        t.Add(189, ExecuteMethod);
        foreach (var i in new[] { 201, 202, 203, 204, 205, 207, 209, 221, 222 }) t.Add(i, ClosureValue);
        t.Add(206, ClosureValueWithArguments);
        t.Add(208, ClosureValueWithArguments);
        t.Add(89, Flush);
        t.Add(116, Flush);
        t.Add(119, Flush);
    }

    /// <summary>
    /// flushCache: everything (89, a class's), or only what depends on the receiver when it is a
    /// CompiledMethod (116) or a Symbol (119), as the C VM flushes selectively.
    /// </summary>
    private static bool Flush(Interpreter vm, int n)
    {
        var r = vm.Stack(n).Ref;
        if (r is CompiledMethodObject m)
        {
            vm.FlushMethodCache(m);
            m.VmInfo = null;
        }
        else if (r is BytesObject && ReferenceEquals(r.Class, vm.Mem.ClassSymbol)) vm.FlushMethodCache(r);
        else vm.FlushMethodCache();
        return vm.Answer(n, vm.Stack(n));
    }

    private static bool ClosureValue(Interpreter vm, int n) =>
        vm.Stack(n).Ref is PointersObject closure && vm.ClosureNumArgs(closure) >= 0 && vm.ActivateClosure(closure, n);

    private static bool ClosureValueWithArguments(Interpreter vm, int n) =>
        n == 1 && vm.Stack(1).Ref is PointersObject closure && vm.Stack(0).Ref is PointersObject args
        && ReferenceEquals(args.Class, vm.Mem.ClassArray) && vm.ActivateClosure(closure, 1, args);

    private static bool BlockContextValue(Interpreter vm, int n)
    {
        var r = vm.Stack(n);
        if (r.Ref is not PointersObject block) return false;
        if (block.Slots.Length > Layout.CtxMethod && block.Slots[Layout.CtxMethod].IsSmallInt) return vm.ActivateBlockContext(block, n);
        return vm.ClosureNumArgs(block) >= 0 && vm.ActivateClosure(block, n);
    }

    private static bool BlockContextValueWithArguments(Interpreter vm, int n)
    {
        if (n != 1 || vm.Stack(1).Ref is not PointersObject block || vm.Stack(0).Ref is not PointersObject args || !ReferenceEquals(args.Class, vm.Mem.ClassArray)) return false;
        if (block.Slots.Length > Layout.CtxMethod && block.Slots[Layout.CtxMethod].IsSmallInt) return vm.ActivateBlockContext(block, 1, args);
        return vm.ActivateClosure(block, 1, args);
    }

    /// <summary>The number of arguments the method for a selector takes in a class, or -1 if the lookup fails or finds a non-method.</summary>
    private static int ArityFor(Interpreter vm, SqObject cls, SqObject selector) =>
        vm.LookupCached(cls, selector) is CompiledMethodObject m ? vm.InfoOf(m).NumArgs : -1;

    private static bool Perform(Interpreter vm, int n)
    {
        if (n < 1) return false;
        var selector = vm.Stack(n - 1);
        if (!selector.IsObject) return false;
        var cls = vm.Mem.ClassOf(vm.Stack(n));
        var arity = ArityFor(vm, cls, selector.Obj);
        if (arity >= 0 && arity != n - 1) return vm.Fail(PrimErr.BadNumArgs);
        // Drop the selector from the stack: the arguments move down one slot.
        for (var i = n - 1; i >= 1; i--) vm.SetStack(i, vm.Stack(i - 1));
        vm.PopN(1);
        vm.SendTo(cls, selector.Obj, n - 1);
        return true;
    }

    private static bool PerformWithArguments(Interpreter vm, int n) => PerformArray(vm, n, null);

    /// <summary>
    /// perform:withArguments:inSuperclass: (3 arguments), or its mirror form on a context,
    /// object:perform:withArguments:inClass: (4: the object is an argument). The lookup class
    /// must be the receiver's class or one of its superclasses: a method of an unrelated class
    /// would run on an object of the wrong shape.
    /// </summary>
    private static bool PerformWithArgumentsInSuperclass(Interpreter vm, int n)
    {
        if (n is not (3 or 4) || !vm.Stack(0).IsObject) return false;
        var cls = vm.Stack(0).Obj;
        if (!Inherits(vm, vm.Mem.ClassOf(vm.Stack(3)), cls)) return vm.Fail(PrimErr.BadArgument);
        if (!PerformArrayChecks(vm, 1, cls)) return false;
        if (n == 4) DropMirror(vm, 4);
        return PerformArray(vm, 2, cls, extraPop: 1);
    }

    private static bool Inherits(Interpreter vm, SqObject cls, SqObject ancestor)
    {
        for (SqObject? c = cls; c is PointersObject p && !ReferenceEquals(c, vm.Mem.Nil); c = p.Slots.Length > 0 ? p.Slots[Layout.ClassSuperclass].Ref : null)
            if (ReferenceEquals(c, ancestor)) return true;
        return false;
    }

    /// <summary>A mirror primitive's receiver (a context, or CompiledMethod's class) is not part of the send: the real receiver takes its slot.</summary>
    private static void DropMirror(Interpreter vm, int n)
    {
        for (var i = n; i >= 1; i--) vm.SetStack(i, vm.Stack(i - 1));
        vm.PopN(1);
    }

    /// <summary>Whether the selector and argument Array below <paramref name="extraPop"/> stack entries can be sent (the checks of <see cref="PerformArray"/>, without side effects).</summary>
    private static bool PerformArrayChecks(Interpreter vm, int extraPop, SqObject lookupClass)
    {
        var selector = vm.Stack(extraPop + 1);
        if (!selector.IsObject || vm.Stack(extraPop).Ref is not PointersObject array || !ReferenceEquals(array.Class, vm.Mem.ClassArray)) return false;
        var arity = ArityFor(vm, lookupClass, selector.Obj);
        return arity < 0 || arity == array.Slots.Length || vm.Fail(PrimErr.BadNumArgs);
    }

    private static bool PerformArray(Interpreter vm, int n, SqObject? lookupClass, int extraPop = 0)
    {
        if (n != 2) return false;
        var selector = vm.Stack(extraPop + 1);
        var args = vm.Stack(extraPop);
        if (!selector.IsObject || args.Ref is not PointersObject array || !ReferenceEquals(array.Class, vm.Mem.ClassArray)) return false;
        var cls = lookupClass ?? vm.Mem.ClassOf(vm.Stack(extraPop + 2));
        var arity = ArityFor(vm, cls, selector.Obj);
        if (arity >= 0 && arity != array.Slots.Length) return vm.Fail(PrimErr.BadNumArgs);
        vm.PopN(2 + extraPop);
        foreach (var a in array.Slots) vm.Push(a);
        vm.SendTo(cls, selector.Obj, array.Slots.Length);
        return true;
    }

    /// <summary>
    /// 188: withArgs:executeMethod: (2 arguments), or CompiledMethod class>>receiver:withArguments:executeMethod:
    /// (3: the receiver is an argument). Runs the method on the receiver without a lookup.
    /// </summary>
    private static bool WithArgsExecuteMethod(Interpreter vm, int n)
    {
        if (n is not (2 or 3)) return false;
        if (vm.Stack(0).Ref is not CompiledMethodObject m || vm.Stack(1).Ref is not PointersObject args || !ReferenceEquals(args.Class, vm.Mem.ClassArray))
            return vm.Fail(PrimErr.BadArgument);
        if (vm.InfoOf(m).NumArgs != args.Slots.Length) return vm.Fail(PrimErr.BadNumArgs);
        if (n == 3) DropMirror(vm, 3);
        vm.PopN(2);
        foreach (var a in args.Slots) vm.Push(a);
        vm.ExecuteMethod(m, args.Slots.Length);
        return true;
    }

    /// <summary>189: executeMethod:, with:executeMethod: … — the arguments are on the stack, the method last.</summary>
    private static bool ExecuteMethod(Interpreter vm, int n)
    {
        if (n < 1 || vm.Stack(0).Ref is not CompiledMethodObject m) return vm.Fail(PrimErr.BadArgument);
        if (vm.InfoOf(m).NumArgs != n - 1) return vm.Fail(PrimErr.BadNumArgs);
        vm.PopN(1);
        vm.ExecuteMethod(m, n - 1);
        return true;
    }
}
