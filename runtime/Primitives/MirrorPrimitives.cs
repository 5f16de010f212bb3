using ImageAot.Runtime.Execution;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// Mirror forms of the object-access primitives: called with one argument more than usual, the
/// receiver (a context, for the debugger and simulator: <c>thisContext objectClass: x</c>,
/// <c>object:instVarAt:</c>, <c>objectSize:</c>...) is only a bystander and the first argument is
/// the object worked on. Each wrapped primitive then runs its ordinary form on the stack
/// without that receiver, so the answer lands where the receiver was.
/// </summary>
public static class MirrorPrimitives
{
    /// <summary>Primitive number and the arguments of its ordinary form.</summary>
    private static readonly (int Index, int Arity)[] Mirrored =
    [
        (60, 1), (61, 2), (62, 0), (73, 1), (74, 2), (100, 3), (110, 1), (111, 0),
    ];

    /// <summary>Runs after the primitives it wraps are registered.</summary>
    public static void Register(PrimitiveTable t)
    {
        foreach (var (index, arity) in Mirrored)
        {
            var ordinary = t.Numbered(index) ?? throw new InvalidOperationException($"primitive {index} must be registered before its mirror form");
            t.Add(index, (vm, n) => n == arity + 1 ? RunWithoutReceiver(vm, n, ordinary) : ordinary(vm, n));
        }
    }

    private static bool RunWithoutReceiver(Interpreter vm, int n, Primitive ordinary)
    {
        var bystander = vm.Stack(n);
        for (var depth = n; depth > 0; depth--) vm.SetStack(depth, vm.Stack(depth - 1));
        vm.PopN(1);
        if (ordinary(vm, n - 1)) return true;
        // Failed with its stack untouched: put the bystander back under the arguments.
        vm.Push(vm.Stack(0));
        for (var depth = 1; depth < n; depth++) vm.SetStack(depth, vm.Stack(depth + 1));
        vm.SetStack(n, bystander);
        return false;
    }
}
