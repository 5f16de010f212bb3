using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Hosting;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Drives the CodeParadise SistaV1 kernel (it has no compiler) by sending messages from the
/// host: values are made here, MessageSends stand in for blocks where the image's methods only
/// send value…, and full blocks are made from the image's own CompiledBlocks.
/// </summary>
public sealed class SistaHost
{
    public const string Image = "cp-tiny-2025-sistav1-spur32.image";

    public readonly Interpreter Vm;
    private readonly Globals globals;

    public SistaHost(bool compiled) : this(compiled ? RecompiledTierTests.BodiesFor(Image) : null)
    {
    }

    public SistaHost(CompiledCode? code)
    {
        var path = TestImages.PathOf(Image);
        Vm = new Interpreter(ImageReader.Load(path)) { ImagePath = path, Timeout = TimeSpan.FromSeconds(60) };
        Vm.Compiled = code;
        globals = new Globals(Vm);
        // Unhandled errors end the call (Evaluator's traps find classes through globals this kernel does not expose).
        foreach (var (cls, kind) in new[] { ("Error", "exception"), ("UnhandledError", "unhandled") })
            Vm.SetTrap(globals.OwnMethod(Class(cls), "defaultAction")!, kind);
    }

    /// <summary>Thrown when a send ends in a trap (an unhandled error): the message says which, the same in both tiers.</summary>
    public sealed class Trapped(string what) : Exception(what);

    public Value Send(Value receiver, string selector, params Value[] args)
    {
        var outcome = Vm.Call(receiver, Symbol(selector), args, out var result);
        if (outcome == RunOutcome.Trapped) throw new Trapped(DescribeTrap(Vm.Trap!));
        Assert.Equal(RunOutcome.Returned, outcome);
        return result;
    }

    /// <summary>The image's own printString of a value.</summary>
    public string Print(Value v) => ObjectMemory.StringOf(Send(v, "printString")) ?? throw new InvalidOperationException("printString did not answer a string");

    private string DescribeTrap(TrapHit trap)
    {
        var ex = trap.Receiver;
        var what = $"{trap.Kind} {Describe(ex)}";
        if (Describe(ex) == "a MessageNotUnderstood")
        {
            var message = Send(ex, "message");
            return what + $": {Describe(Send(ex, "receiver"))} #{ObjectMemory.StringOf(Send(message, "selector"))}";
        }
        return what + ": " + ObjectMemory.StringOf(Send(ex, "messageText"));
    }

    private string Describe(Value v) => "a " + new ImageAot.Runtime.Inspection.ClassNames(Vm.Image).NameOf(Vm.Mem.ClassOf(v));

    public SqObject Symbol(string s) => globals.Symbol(s) ?? throw new InvalidOperationException($"no symbol #{s} in the image");
    public Value Sym(string s) => globals.Symbol(s) is { } existing ? Value.Object(existing) : Send(Str(s), "asSymbol");
    /// <summary>A class by name (the kernel's globals live in a SystemDictionary the special objects do not point at, so classes are found by their names).</summary>
    public Value Global(string name) => Value.Object(Class(name));

    private Dictionary<string, SqObject>? classes;

    private SqObject Class(string name)
    {
        if (classes is null)
        {
            var names = new ImageAot.Runtime.Inspection.ClassNames(Vm.Image);
            classes = new Dictionary<string, SqObject>();
            foreach (var o in Vm.Image.Objects)
                if (names.IsClass(o)) classes.TryAdd(names.NameOf(o), o);
        }
        return classes.GetValueOrDefault(name) ?? throw new InvalidOperationException($"no class {name}");
    }
    public Value Str(string s) => Value.Object(Vm.Mem.NewString(s));
    public static Value Int(long n) => Value.SmallInt(n);
    public Value Array(params Value[] elements) => Value.Object(Vm.Mem.NewArray(elements));
    public Value Nil => Vm.Mem.NilV;

    /// <summary>A MessageSend: value…/cull: send <paramref name="selector"/> to <paramref name="receiver"/> with those arguments (after any fixed ones).</summary>
    public Value Message(Value receiver, string selector, params Value[] fixedArgs) =>
        Send(Global("MessageSend"), "receiver:selector:arguments:", receiver, Sym(selector), Array(fixedArgs));

    /// <summary>
    /// A FullBlockClosure on the <paramref name="index"/>th CompiledBlock literal of
    /// Class>>selector, with no outer context (so it must not ^), the given receiver and copied values.
    /// </summary>
    public Value Block(string className, string selector, int index, Value receiver, params Value[] copied)
    {
        var method = globals.OwnMethod(Class(className), selector) ?? throw new InvalidOperationException($"no {className}>>{selector}");
        var block = method.Literals.Where(l => l.Ref is CompiledMethodObject).ElementAt(index).Obj;
        var numArgs = new MethodHeader(((CompiledMethodObject)block).Header.SmallIntValue, true).NumArgs;
        // The class the VM gives the full blocks it makes (BlockClosure when the special objects name none).
        var cls = (Vm.Mem.ClassFullBlockClosure ?? Vm.Mem.ClassBlockClosure)!;
        var slots = new Value[Layout.FullClosureFirstCopied + copied.Length];
        slots[Layout.ClosureOuter] = Nil;
        slots[Layout.FullClosureMethod] = Value.Object(block);
        slots[Layout.ClosureNumArgs] = Int(numArgs);
        slots[Layout.FullClosureReceiver] = receiver;
        copied.CopyTo(slots, Layout.FullClosureFirstCopied);
        return Value.Object(new PointersObject(cls, Vm.Mem.NewHash(cls), 3, slots));
    }
}
