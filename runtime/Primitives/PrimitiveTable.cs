using ImageAot.Runtime.Execution;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// A primitive: reads its receiver and arguments from the active context's stack. On
/// success it has replaced them with the result (see <see cref="Interpreter.Answer"/>) or
/// switched context, and answers true; on failure it leaves the stack as it was and answers
/// false (optionally after <see cref="Interpreter.Fail"/> with an error code), so that the
/// method's Smalltalk code runs.
/// </summary>
public delegate bool Primitive(Interpreter vm, int argCount);

/// <summary>Numbered primitives in one table, named primitives by (module, name).</summary>
public sealed class PrimitiveTable
{
    public const int Size = 1024;
    private readonly Primitive?[] numbered = new Primitive?[Size];
    private readonly Dictionary<(string Module, string Name), Primitive> named = new();

    public void Add(int index, Primitive p) => numbered[index] = p;

    public void AddNamed(string module, string name, Primitive p) => named[(module, name)] = p;

    public Primitive? Numbered(int index) => index is > 0 and < Size ? numbered[index] : null;

    /// <summary>A named primitive; an empty module name means "any module" (the image asked for a primitive without naming its plugin).</summary>
    public Primitive? Named(string module, string name)
    {
        if (named.TryGetValue((module, name), out var p)) return p;
        if (module.Length == 0)
            foreach (var kv in named)
                if (kv.Key.Name == name) return kv.Value;
        return null;
    }

    /// <summary>
    /// Primitives the C VM defines to fail, always: 19 guards methods the simulator must not run
    /// for real, 198 and 199 mark ensure:/ifCurtailed: and on:do: activations for the unwinding
    /// and handler searches. Their methods' code is what runs; they are never "missing".
    /// </summary>
    public static bool FailsByDesign(int index) => index is 19 or 198 or 199;

    public static PrimitiveTable CreateStandard()
    {
        var t = new PrimitiveTable();
        foreach (var register in Registrations) register(t);
        return t;
    }

    /// <summary>Every primitive module; each adds its own entries.</summary>
    private static readonly Action<PrimitiveTable>[] Registrations =
    [
        ControlPrimitives.Register,
        UnwindPrimitives.Register,
        StoragePrimitives.Register,
        ObjectPrimitives.Register,
        HeapPrimitives.Register,
        MemoryPrimitives.Register,
        ProcessPrimitives.Register,
        SystemPrimitives.Register,
        SnapshotPrimitive.Register,
        DisplayPrimitives.Register,
        InputPrimitives.Register,
        SmallIntegerPrimitives.Register,
        MixedFloatArithmetic.Register,  // wraps SmallInteger 1-10
        FloatPrimitives.Register,
        Plugins.LargeIntegersPlugin.Register,
        StringPrimitives.Register,
        TextPrimitives.Register,
        StreamPrimitives.Register,
        FloatArrayPrimitives.Register,
        IntegerArrayPrimitives.Register,
        Plugins.FilePlugin.Register,
        Plugins.MiscPrimitivePlugin.Register,
        Plugins.ConsolePlugin.Register,
        Plugins.BitBltPlugin.Register,
        Plugins.SoundPlugin.Register,
        Plugins.ADPCMCodecPlugin.Register,
        Plugins.JpegPlugin.Register,
        Plugins.ScratchPlugin.Register,
        Plugins.UnicodePlugin.Register,
        SimulationPrimitives.Register,
        MirrorPrimitives.Register,      // wraps primitives registered above
    ];
}

/// <summary>Primitive error codes, as the image's primitive error table is indexed (1-based).</summary>
public static class PrimErr
{
    public const int Generic = 1, BadReceiver = 2, BadArgument = 3, BadIndex = 4, BadNumArgs = 5,
        Inappropriate = 6, Unsupported = 7, NoModification = 8, NoMemory = 9, NotFound = 11;
}
