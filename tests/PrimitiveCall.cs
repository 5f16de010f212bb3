using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>Calls one primitive directly on a scratch stack, as the interpreter would.</summary>
public static class PrimitiveCall
{
    /// <summary>Runs the primitive on receiver + arguments; on failure checks the stack is untouched. Answers the result or null.</summary>
    public static Value? Run(Interpreter vm, Primitive prim, Value receiver, Value[] args)
    {
        var sentinel = vm.Mem.NewString("sentinel");
        vm.Push(sentinel);
        vm.Push(receiver);
        foreach (var a in args) vm.Push(a);
        if (!prim(vm, args.Length))
        {
            for (var i = 0; i < args.Length; i++) Assert.Equal(args[args.Length - 1 - i], vm.Stack(i));
            Assert.Equal(receiver, vm.Stack(args.Length));
            vm.PopN(args.Length + 2);
            return null;
        }
        Assert.Equal((Value)sentinel, vm.Stack(1));
        var result = vm.Pop();
        vm.Pop();
        return result;
    }
}
