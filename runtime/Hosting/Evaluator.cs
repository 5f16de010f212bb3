using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Inspection;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Hosting;

/// <summary>
/// Evaluates Smalltalk source with the image's own compiler (Compiler evaluate:) in a
/// process of its own, and prints the answer with the image's printString. An unhandled
/// error is caught where the image would open a debugger, and described in one line.
/// </summary>
public sealed class Evaluator
{
    private readonly Interpreter vm;
    private readonly Globals globals;
    private readonly Dictionary<string, SqObject> symbols = new();

    /// <param name="startUp">
    /// Run the image's own start-up first (<see cref="Interpreter.StartUp"/>), so Display, Sensor
    /// and the world exist as on a launch; otherwise only the timer and class caches are restored,
    /// which is faster and enough for plain computation.
    /// </param>
    public Evaluator(Interpreter vm, bool startUp = false)
    {
        this.vm = vm;
        globals = new Globals(vm);
        if (startUp)
        {
            var o = vm.StartUp(StartUpCap);
            // Traps go in after start-up: an image may handle its own start-up errors by opening a debugger later.
            SetTraps(vm, globals);
            if (o != RunOutcome.Settled) StartUpFailure = Failure(o) is var f ? "start-up: " + f.Text : null;
            return;
        }
        SetTraps(vm, globals);
        RestartTimer();
        RestoreClassCachedState();
    }

    /// <summary>The longest an image's start-up may take before host calls begin anyway (an image that never idles).</summary>
    public static readonly TimeSpan StartUpCap = TimeSpan.FromSeconds(20);

    /// <summary>Why the image's start-up did not settle (it quit, or ran out of heap); null when it did.</summary>
    public readonly string? StartUpFailure;

    /// <summary>
    /// Cuis drops caches held in class variables before saving (releaseClassCachedState) and
    /// rebuilds them right after the snapshot resumes (initClassCachedState) — Float's
    /// constants among them. Eval does that rebuilding step for images that have it.
    /// </summary>
    private void RestoreClassCachedState()
    {
        if (globals.Symbol("initClassCachedState") is not { } selector) return;
        foreach (var cls in globals.Classes())
            if (vm.Lookup(cls.Class, selector) is CompiledMethodObject m && globals.OwnMethod(cls.Class, "initClassCachedState") == m)
                vm.Call(cls, selector, [], out _);
    }

    /// <summary>
    /// A snapshot is saved after the image's shutDown list stopped its Delay timer process;
    /// startUp would restart it. Eval does not resume the snapshot, so it restarts just the
    /// timer (Delay startUp), which Delay, Semaphore timeouts and process tests need.
    /// </summary>
    private void RestartTimer()
    {
        if (globals.Lookup("Delay") is not { } delay || globals.Symbol("startUp") is not { } startUp || vm.Lookup(delay.Class, startUp) is null) return;
        vm.Call(delay, startUp, [], out _);
    }

    public sealed record Result(bool Ok, string Text);

    /// <summary>Trap the routes of unhandled errors: exception default actions, or error: and doesNotUnderstand: in images without exceptions.</summary>
    /// <summary>Makes unhandled errors end a run (diagnostics for `run`: IMAGEAOT_TRACE_ERRORS=1).</summary>
    public static void TrapErrors(Interpreter vm) => SetTraps(vm, new Globals(vm));

    private static void SetTraps(Interpreter vm, Globals globals)
    {
        void Trap(string className, string selector, string kind, int unlessProcessSlot = -1)
        {
            if (globals.Lookup(className) is { } cls && globals.OwnMethod(cls, selector) is { } m) vm.SetTrap(m, kind, unlessProcessSlot);
        }

        var hasExceptions = globals.Lookup("Error") is not null;
        if (hasExceptions)
        {
            Trap("Error", "defaultAction", "exception");
            Trap("UnhandledError", "defaultAction", "unhandled");
            Trap("Halt", "defaultAction", "exception");
        }
        else
        {
            // These images' error: (and doesNotUnderstand:, which sends it) first hands the error to
            // the process's errorHandler, which ifError: installs: only without one is it unhandled.
            var handlerSlot = globals.Lookup("Process") is { } process ? InstanceVariables.IndexOf(process, "errorHandler", vm.Mem) : -1;
            Trap("Object", "error:", "error:", handlerSlot);
            Trap("Object", "doesNotUnderstand:", "doesNotUnderstand:", handlerSlot);
            Trap("Object", "halt", "halt");
        }
        // Only the class-side entries that open a debugger: the others (Cuis 5's
        // releaseClassCachedState, which every snapshot sends) are ordinary housekeeping.
        if (globals.Lookup("Debugger") is { } debugger)
            foreach (var selector in DebuggerEntries)
                if (globals.OwnMethod(debugger.Class, selector) is { } m) vm.SetTrap(m, "debugger");
    }

    /// <summary>The class-side selectors through which the images of every era open a debugger.</summary>
    private static readonly string[] DebuggerEntries =
    [
        "openContext:label:contents:", "openInterrupt:onProcess:", "openOn:context:label:contents:fullView:",
        "openOn:context:label:fullView:", "informExistingDebugger:label:",
    ];

    private SqObject Sym(string text)
    {
        if (!symbols.TryGetValue(text, out var s))
        {
            s = globals.Symbol(text) ?? throw new VmError($"the image has no symbol #{text}");
            symbols[text] = s;
        }
        return s;
    }

    public Result Evaluate(string source)
    {
        var r = EvaluateToValue(source, out var value);
        if (!r.Ok) return r;
        var outcome = vm.Call(value, Sym("printString"), [], out var printed);
        if (outcome != RunOutcome.Returned) return Failure(outcome);
        return new Result(true, ObjectMemory.StringOf(printed) ?? "(printString did not answer a string)");
    }

    /// <summary>Evaluates and keeps the answer as an object (for callers that use it further); the Result's text is empty on success.</summary>
    /// <param name="timeout">A limit for this evaluation alone (default: the interpreter's own).</param>
    public Result EvaluateToValue(string source, out Value value, TimeSpan? timeout = null)
    {
        value = vm.Mem.NilV;
        if (StartUpFailure is not null) return new Result(false, StartUpFailure);
        var compiler = globals.Lookup("Compiler") ?? throw new VmError("this image has no compiler (no global named Compiler)");
        return Send(compiler, "evaluate:", [vm.Mem.NewString(source)], timeout ?? vm.Timeout, out value);
    }

    /// <summary>Sends a message from the host with a timeout of its own; a failure is described in one line.</summary>
    public Result Send(Value receiver, string selector, Value[] args, TimeSpan? timeout, out Value answer)
    {
        var saved = vm.Timeout;
        vm.Timeout = timeout;
        try
        {
            var outcome = vm.Call(receiver, Sym(selector), args, out answer);
            return outcome == RunOutcome.Returned ? new Result(true, "") : Failure(outcome);
        }
        finally { vm.Timeout = saved; }
    }

    public Interpreter Vm => vm;

    /// <summary>The description of a call that ran out of time.</summary>
    public const string TimedOut = "evaluation timed out";

    /// <summary>The description of a call whose process terminated or suspended itself.</summary>
    public const string ProcessEnded = "the evaluation's process terminated or suspended itself";

    private Result Failure(RunOutcome outcome) => new(false, outcome switch
    {
        RunOutcome.Trapped => DescribeTrap(vm.Trap!),
        RunOutcome.Timeout => TimedOut,
        RunOutcome.HeapLimit => "evaluation exceeded the heap limit (runaway allocation or infinite recursion)",
        RunOutcome.Quit => "the image quit during evaluation",
        RunOutcome.CallerSuspended => ProcessEnded,
        _ => $"evaluation ended: {outcome}",
    });

    private string DescribeTrap(TrapHit trap)
    {
        if (Environment.GetEnvironmentVariable("IMAGEAOT_TRACE_ERRORS") is "1") PrintContextChain(vm);
        switch (trap.Kind)
        {
            case "error:":
            case "halt":
                return ObjectMemory.StringOf(trap.Arguments.FirstOrDefault()) ?? "halt";
            case "doesNotUnderstand:":
            {
                var msg = trap.Arguments[0].Ref as PointersObject;
                var sel = msg is null ? "?" : ObjectMemory.StringOf(msg.Slots[Layout.MessageSelector]) ?? "?";
                return $"{ClassNameOf(trap.Receiver)} doesNotUnderstand: #{sel}";
            }
            case "debugger":
                return ObjectMemory.StringOf(trap.Arguments.FirstOrDefault(a => vm.Mem.IsString(a))) ?? "error (the image tried to open a debugger)";
            case "unhandled":
            {
                var ex = CallQuietly(trap.Receiver, "exception");
                return Describe(ex ?? trap.Receiver);
            }
            default:
                return Describe(trap.Receiver);
        }
    }

    private string Describe(Value exception)
    {
        var text = CallQuietly(exception, "description");
        var s = text is { } t ? ObjectMemory.StringOf(t) : null;
        return s ?? ClassNameOf(exception);
    }

    private Value? CallQuietly(Value rcvr, string selector)
    {
        SqObject sel;
        try { sel = Sym(selector); } catch (VmError) { return null; }
        var outcome = vm.Call(rcvr, sel, [], out var result);
        return outcome == RunOutcome.Returned ? result : null;
    }

    /// <summary>Diagnostics: the active context chain (where a trap or a stopped run was), on the VM's stderr.</summary>
    public static void PrintContextChain(Interpreter vm)
    {
        var names = new Inspection.ClassNames(vm.Image);
        var describer = new Inspection.ContextDescriber(vm.Image, names, new Inspection.MethodDirectory(vm.Image, names));
        Value ctx = vm.ThisContext();
        for (var i = 0; i < 40 && ctx.Ref is PointersObject c && c.Slots.Length > Layout.CtxReceiver; i++)
        {
            vm.Stderr.WriteLine("  " + describer.Describe(c));
            ctx = c.Slots[Layout.CtxSender];
        }
    }

    private string ClassNameOf(Value v) => new Inspection.ClassNames(vm.Image).NameOf(vm.Mem.ClassOf(v));
}
