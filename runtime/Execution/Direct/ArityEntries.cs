using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// A runtime function that a send site can call in place of a body (a quick answer, a primitive
/// with the body as fallback, a block's value...), written once with all four argument slots.
/// </summary>
internal interface IDirectTarget
{
    static abstract Value Run(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? resume);
}

/// <summary>
/// A <see cref="IDirectTarget"/> with the signature of a body taking 0-4 arguments (vm, mi,
/// depth, self, the arguments, ctx): a send site calls whatever it cached with its own argument
/// count, so every target comes in every arity it can be sent with. The frequent targets are
/// AggressiveInlining, so that an entry is the target itself rather than one more call.
/// </summary>
internal static unsafe class ArityEntries<T> where T : struct, IDirectTarget
{
    private static Value E0(Interpreter vm, MethodInfo mi, int depth, Value r, PointersObject? c) => T.Run(vm, mi, depth, r, default, default, default, default, c);
    private static Value E1(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, PointersObject? c) => T.Run(vm, mi, depth, r, a1, default, default, default, c);
    private static Value E2(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, PointersObject? c) => T.Run(vm, mi, depth, r, a1, a2, default, default, c);
    private static Value E3(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, PointersObject? c) => T.Run(vm, mi, depth, r, a1, a2, a3, default, c);
    private static Value E4(Interpreter vm, MethodInfo mi, int depth, Value r, Value a1, Value a2, Value a3, Value a4, PointersObject? c) => T.Run(vm, mi, depth, r, a1, a2, a3, a4, c);

    private static readonly nint[] ByArgCount =
    [
        (nint)(delegate* managed<Interpreter, MethodInfo, int, Value, PointersObject?, Value>)&E0,
        (nint)(delegate* managed<Interpreter, MethodInfo, int, Value, Value, PointersObject?, Value>)&E1,
        (nint)(delegate* managed<Interpreter, MethodInfo, int, Value, Value, Value, PointersObject?, Value>)&E2,
        (nint)(delegate* managed<Interpreter, MethodInfo, int, Value, Value, Value, Value, PointersObject?, Value>)&E3,
        (nint)(delegate* managed<Interpreter, MethodInfo, int, Value, Value, Value, Value, Value, PointersObject?, Value>)&E4,
    ];

    /// <summary>The entry for sends of <paramref name="argCount"/> arguments (more than four pass the rest through <see cref="Interpreter.ExtraArgs"/>).</summary>
    public static nint For(int argCount) => ByArgCount[Math.Min(argCount, DirectFlow.MaxArgs)];
}
