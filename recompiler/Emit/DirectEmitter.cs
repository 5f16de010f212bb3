using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using Instruction = Mono.Cecil.Cil.Instruction;
using Decoded = ImageAot.Runtime.Bytecodes.Instruction;

namespace ImageAot.Recompiler.Emit;

/// <summary>
/// Emits a method's direct-call body:
/// <c>static Value D_key(Interpreter vm, MethodInfo mi, int depth, Value self, Value a1, Value a2, Value a3, Value a4, PointersObject ctx)</c>.
/// One activation is one .NET call: every temporary and every stack depth is a .NET local (the
/// IL evaluation stack is empty between bytecodes, so RyuJIT can keep them in registers), sends
/// go through a per-site inline cache straight to the callee's native entry, and returns are
/// .NET returns. Whatever needs a context (thisContext, closures, a send the cache cannot do, a
/// due interrupt, deep recursion) flushes: the frame stores its state into a new context and
/// returns, and its callers do the same after their calls; execution then goes on from those
/// contexts in the heap-frame tier. Given a context (<c>ctx</c> not null), the body instead
/// loads the context's temporaries and stack and goes on at its pc (a switch over every
/// instruction it runs itself), and stays married to it: a later flush writes into that same
/// context.
/// </summary>
public sealed partial class DirectEmitter
{
    public const int MaxArgs = DirectFlow.MaxArgs;
    /// <remarks>A body's arguments follow self (as many as it takes, four at most: the rest come through <see cref="Interpreter.ExtraArgs"/>), then ctx: see <see cref="Frame.ArgCtx"/>.</remarks>
    private const int ArgVm = 0, ArgMi = 1, ArgDepth = 2, ArgSelf = 3, ArgFirst = 4;

    private readonly ModuleDefinition module;
    private readonly TypeReference valueType, valueArray, pointersObject, sqObject, interpreter, methodInfo, sendSite, sendSiteArray;
    private readonly FieldReference valueRef, valueBits, slots, objectClass, objectFlags;
    private readonly FieldReference vmExtraArgs, vmFlush, vmCountdown, vmNil, vmTrue, vmFalse, vmTrueObj, vmFalseObj, vmClassArray, vmMin, vmMax;
    private readonly FieldReference miLiterals, miSites, miBytecodeOffset, siteClass, siteTarget, siteInfo, siteQuick, siteQuickIndex, siteQuickValue, siteSecond;
    /// <summary>The Float entries for special selectors 0-9, indexed by selector.</summary>
    private readonly MethodReference[] floatSpecials;
    private readonly MethodReference smallInt, poll, resumeRefused, classKey, classOf, newArray, sendMiss, newFlushedContext, linkFlushed;
    private readonly MethodReference stringAt, stringAtPut, sendCached, specialSendCached, int64Min;
    private readonly MethodReference stackRoom, objectValue, tryNonLocalReturn, closureHome, takeNonLocalReturn;
    private readonly FieldReference vmNlrHome, vmDirectAnswer;
    private readonly MethodReference nilTestArm, nilTestFlush, linkFlushedChain;
    private readonly MethodReference marryAtEntry, markReturned, blockCopy, newFlushedBlock, newClosure, newFlushedClosureFrame, newFullClosure, characterFor, directedSuperSendMiss;
    /// <summary>The calli signature of a body taking 0-4 arguments.</summary>
    private readonly CallSite[] directSignatures;

    public DirectEmitter(ModuleDefinition module)
    {
        this.module = module;
        valueType = module.ImportReference(typeof(Value));
        valueArray = new ArrayType(valueType);
        pointersObject = module.ImportReference(typeof(PointersObject));
        sqObject = module.ImportReference(typeof(SqObject));
        interpreter = module.ImportReference(typeof(Interpreter));
        methodInfo = module.ImportReference(typeof(MethodInfo));
        sendSite = module.ImportReference(typeof(SendSite));
        sendSiteArray = new ArrayType(sendSite);
        FieldReference F(Type t, string name) => module.ImportReference(t.GetField(name) ?? throw new MissingFieldException(t.Name, name));
        MethodReference M(Type t, string name) => module.ImportReference(t.GetMethod(name) ?? throw new MissingMethodException(t.Name, name));
        valueRef = F(typeof(Value), nameof(Value.Ref));
        valueBits = F(typeof(Value), nameof(Value.Bits));
        slots = F(typeof(PointersObject), nameof(PointersObject.Slots));
        objectClass = F(typeof(SqObject), nameof(SqObject.Class));
        objectFlags = F(typeof(SqObject), nameof(SqObject.Flags));
        vmFlush = F(typeof(Interpreter), nameof(Interpreter.Flush));
        vmCountdown = F(typeof(Interpreter), nameof(Interpreter.InterruptCountdown));
        vmNil = F(typeof(Interpreter), nameof(Interpreter.NilV));
        vmTrue = F(typeof(Interpreter), nameof(Interpreter.TrueV));
        vmFalse = F(typeof(Interpreter), nameof(Interpreter.FalseV));
        vmTrueObj = F(typeof(Interpreter), nameof(Interpreter.TrueObj));
        vmFalseObj = F(typeof(Interpreter), nameof(Interpreter.FalseObj));
        vmClassArray = F(typeof(Interpreter), nameof(Interpreter.ClassArray));
        vmExtraArgs = F(typeof(Interpreter), nameof(Interpreter.ExtraArgs));
        vmMin = F(typeof(Interpreter), nameof(Interpreter.MinSmallInt));
        vmMax = F(typeof(Interpreter), nameof(Interpreter.MaxSmallInt));
        miLiterals = F(typeof(MethodInfo), nameof(MethodInfo.Literals));
        miSites = F(typeof(MethodInfo), nameof(MethodInfo.Sites));
        miBytecodeOffset = F(typeof(MethodInfo), nameof(MethodInfo.BytecodeOffset));
        resumeRefused = M(typeof(Interpreter), nameof(Interpreter.ResumeRefused));
        siteClass = F(typeof(SendSite), nameof(SendSite.Class));
        siteTarget = F(typeof(SendSite), nameof(SendSite.Target));
        siteInfo = F(typeof(SendSite), nameof(SendSite.Info));
        siteQuick = F(typeof(SendSite), nameof(SendSite.Quick));
        siteQuickIndex = F(typeof(SendSite), nameof(SendSite.QuickIndex));
        siteQuickValue = F(typeof(SendSite), nameof(SendSite.QuickValue));
        siteSecond = F(typeof(SendSite), nameof(SendSite.Second));
        smallInt = M(typeof(Value), nameof(Value.SmallInt));
        poll = M(typeof(Interpreter), nameof(Interpreter.PollFromCompiled));
        classKey = M(typeof(Interpreter), nameof(Interpreter.ClassKey));
        classOf = M(typeof(Interpreter), nameof(Interpreter.ClassOfForDirect));
        floatSpecials =
        [
            M(typeof(Interpreter), nameof(Interpreter.FloatAdd0)), M(typeof(Interpreter), nameof(Interpreter.FloatSub1)),
            M(typeof(Interpreter), nameof(Interpreter.FloatLess2)), M(typeof(Interpreter), nameof(Interpreter.FloatGreater3)),
            M(typeof(Interpreter), nameof(Interpreter.FloatLessOrEqual4)), M(typeof(Interpreter), nameof(Interpreter.FloatGreaterOrEqual5)),
            M(typeof(Interpreter), nameof(Interpreter.FloatEqual6)), M(typeof(Interpreter), nameof(Interpreter.FloatNotEqual7)),
            M(typeof(Interpreter), nameof(Interpreter.FloatMultiply8)), M(typeof(Interpreter), nameof(Interpreter.FloatDivide9)),
        ];
        newArray = M(typeof(Interpreter), nameof(Interpreter.NewArrayForDirect));
        sendMiss = M(typeof(Interpreter), nameof(Interpreter.SendMiss));
        sendCached = M(typeof(Interpreter), nameof(Interpreter.SendCached));
        specialSendCached = M(typeof(Interpreter), nameof(Interpreter.SpecialSendCached));
        newFlushedContext = M(typeof(Interpreter), nameof(Interpreter.NewFlushedContext));
        linkFlushed = M(typeof(Interpreter), nameof(Interpreter.LinkFlushed));
        marryAtEntry = M(typeof(Interpreter), nameof(Interpreter.MarryAtEntry));
        nilTestArm = M(typeof(Interpreter), nameof(Interpreter.NilTestArm));
        nilTestFlush = M(typeof(Interpreter), nameof(Interpreter.NilTestFlush));
        linkFlushedChain = M(typeof(Interpreter), nameof(Interpreter.LinkFlushedChain));
        objectValue = M(typeof(Value), nameof(Value.Object));
        stringAt = M(typeof(Interpreter), nameof(Interpreter.BytesAtDirect));
        int64Min = module.ImportReference(typeof(Math).GetMethod(nameof(Math.Min), [typeof(long), typeof(long)]));
        stringAtPut = M(typeof(Interpreter), nameof(Interpreter.BytesAtPutDirect));
        tryNonLocalReturn = M(typeof(Interpreter), nameof(Interpreter.TryNonLocalReturnDirect));
        closureHome = M(typeof(Interpreter), nameof(Interpreter.ClosureHome));
        takeNonLocalReturn = M(typeof(Interpreter), nameof(Interpreter.TakeNonLocalReturn));
        vmNlrHome = F(typeof(Interpreter), nameof(Interpreter.NlrHome));
        vmDirectAnswer = F(typeof(Interpreter), nameof(Interpreter.DirectAnswer));
        stackRoom = M(typeof(System.Runtime.CompilerServices.RuntimeHelpers), nameof(System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack));
        markReturned = M(typeof(Interpreter), nameof(Interpreter.MarkReturned));
        blockCopy = M(typeof(Interpreter), nameof(Interpreter.BlockCopySizedDirect));
        newFlushedBlock = M(typeof(Interpreter), nameof(Interpreter.NewFlushedBlock));
        newClosure = M(typeof(Interpreter), nameof(Interpreter.NewClosureDirect));
        newFlushedClosureFrame = M(typeof(Interpreter), nameof(Interpreter.NewFlushedClosureFrame));
        newFullClosure = M(typeof(Interpreter), nameof(Interpreter.NewFullClosureDirect));
        characterFor = M(typeof(Interpreter), nameof(Interpreter.CharacterForDirect));
        directedSuperSendMiss = M(typeof(Interpreter), nameof(Interpreter.DirectedSuperSendMiss));
        directSignatures = Enumerable.Range(0, MaxArgs + 1).Select(n =>
        {
            var signature = new CallSite(valueType) { CallingConvention = MethodCallingConvention.Default };
            foreach (var t in new[] { interpreter, methodInfo, module.TypeSystem.Int32, valueType }.Concat(Enumerable.Repeat(valueType, n)).Append(pointersObject))
                signature.Parameters.Add(new ParameterDefinition(t));
            return signature;
        }).ToArray();
    }

    /// <summary>Whether a method can have a direct-call body (its stack analysis is what gives every slot a local).</summary>
    /// <remarks>A CompiledBlock is called as a block is, with its arguments as parameters only.</remarks>
    public static bool CanEmit(DecodedMethod decoded, int numArgs, bool compiledBlock) => numArgs <= (compiledBlock ? MaxArgs : DirectFlow.MaxSendArgs);

    /// <summary>
    /// What a body runs: a method with temporaries in locals; a method that makes closures (it
    /// makes its context at entry, their outer context); a closure; a Blue Book method with blocks
    /// (its temporaries stay in the context it makes at entry) or one of its blocks.
    /// </summary>
    private enum Kind { Method, MakesClosures, Closure, ClosureMakesClosures, TempsInContext, Block }

    private static bool TempsInHome(Frame f) => f.Kind is Kind.TempsInContext or Kind.Block;
    private static bool MarriedAtEntry(Frame f) => f.Kind is Kind.TempsInContext or Kind.MakesClosures;
    private static bool InBlock(Kind k) => k is Kind.Block or Kind.Closure or Kind.ClosureMakesClosures;
    private static bool IsClosure(Frame f) => f.Kind is Kind.Closure or Kind.ClosureMakesClosures;

    private sealed class Frame
    {
        public required Kind Kind;
        /// <summary>
        /// The index of the ctx parameter, after the arguments the body takes: one signature per
        /// argument count, so that a call passes only what it has (a 16-byte Value does not fit
        /// the registers left after self, and every unused one was stored on the stack).
        /// </summary>
        public required int ArgCtx;
        /// <summary>A SistaV1 full block: its copied values are the FullBlockClosure's, its temporaries follow them.</summary>
        public required bool Full;
        public required DecodedMethod Decoded;
        /// <summary>The first local a flush stores and a resume loads (temporaries in the context are there already).</summary>
        public required int StackBase;
        public required VariableDefinition Home, HomeSlots;
        public required ILProcessor IL;
        public required VariableDefinition[] L;
        public required VariableDefinition Lits, Sites, Rslots, None, FlushPc, FlushDepth, Result, Site, X, Y, R, Obj, CtxSlots, SiteClass, Quick, QuickIndex, QuickSlots;
        public required Dictionary<int, Instruction> Labels;
        public required Dictionary<int, Decoded> ByPc;
        public required IReadOnlyDictionary<int, int> Depth;
        public required Dictionary<int, int> SiteOf;
        public required Instruction Materialize;
        /// <summary>Where every send goes when a non-local return is unwinding through this frame (emitted once, if any send needs it).</summary>
        public Instruction? Unwinding;
        public readonly List<Action> Cold = new();
        /// <summary>Code many cold blocks jump to, emitted after all of them so that those jumps go forward (see EmitEntry).</summary>
        public readonly List<Action> Shared = new();
        /// <summary>Sends are calls of a runtime helper, not inline caches: the body is too large for the JIT otherwise (<see cref="TooLargeForTheJit"/>).</summary>
        public bool OutOfLineSends;
        /// <summary>Nil-test sites whose blocks this frame runs inline, and where each block's flush writes out its contexts.</summary>
        public IReadOnlyList<NilTestSite> NilTests = [];
        public readonly Dictionary<NilTestBlock, Instruction> NilTestMaterialize = new();
        /// <summary>The frame's own context while a flush inside an inlined block makes the contexts above it (made when first needed).</summary>
        public VariableDefinition? NilTestOwn;
    }

    /// <remarks>
    /// A Blue Book method runs its <paramref name="nilTests"/> inline (<see cref="NilTestSites"/>);
    /// when they hold all its blocks its temporaries stay in locals and it makes no context at entry.
    /// </remarks>
    public MethodDefinition Emit(string name, DecodedMethod decoded, StackAnalysis stack, int numArgs, int numTemps, IReadOnlyList<NilTestSite>? nilTests = null) =>
        Build(name, decoded, stack,
            NilTestSites.CoverAllBlocks(decoded, nilTests ?? []) ? Kind.Method
            : DirectFlow.TempsInContext(decoded) ? Kind.TempsInContext : DirectFlow.MakesClosures(decoded) ? Kind.MakesClosures : Kind.Method,
            0, numArgs, numTemps, nilTests: nilTests);

    /// <summary>
    /// The direct-call body of the block or closure starting at <paramref name="start"/>, with the
    /// same signature: <c>mi</c> is the home method's, <c>self</c> the home's receiver, <c>ctx</c>
    /// the BlockContext (where the frame writes itself out if it flushes) or the BlockClosure (its
    /// copied values; a flush makes a context for the activation).
    /// </summary>
    public MethodDefinition EmitBlock(string name, DecodedMethod decoded, StackAnalysis stack, int start, int numArgs, int numTemps, IReadOnlyList<NilTestSite>? nilTests = null) =>
        Build(name, decoded, stack,
            decoded.Set == BytecodeSet.BlueBook ? Kind.Block
            : DirectFlow.Reachable(decoded, start, inBlock: true).Any(DirectFlow.NeedsOuterContext) ? Kind.ClosureMakesClosures : Kind.Closure,
            start, numArgs, numTemps, nilTests: nilTests);

    /// <summary>
    /// The direct-call body of a SistaV1 CompiledBlock, with the same signature: <c>mi</c> is the
    /// block's own, <c>self</c> the closure's receiver, <c>ctx</c> the FullBlockClosure (its copied
    /// values; a flush makes a context for the activation). Its pcs, temporaries and returns are
    /// the block's own, as in a closure body.
    /// </summary>
    public MethodDefinition EmitFullBlock(string name, DecodedMethod decoded, StackAnalysis stack, int numArgs, int numTemps) =>
        Build(name, decoded, stack,
            DirectFlow.Reachable(decoded, 0, inBlock: true).Any(DirectFlow.NeedsOuterContext) ? Kind.ClosureMakesClosures : Kind.Closure,
            0, numArgs, numTemps, full: true);

    /// <summary>Whether a block or closure starting at <paramref name="start"/> can have a direct body, and how many arguments it takes.</summary>
    public static bool CanEmitBlock(DecodedMethod decoded, StackAnalysis stack, int start, out int numArgs)
    {
        numArgs = -1;
        if (decoded.Set == BytecodeSet.BlueBook) { if (stack.DepthAt.TryGetValue(start, out var n)) numArgs = n; }
        else if (decoded.Instructions.FirstOrDefault(i => i.Op == Op.PushClosure && i.NextPc == start) is { Op: Op.PushClosure } push) numArgs = push.ArgCount;
        return numArgs is >= 0 and <= MaxArgs;
    }

    private MethodDefinition Build(string name, DecodedMethod decoded, StackAnalysis stack, Kind kind, int start, int numArgs, int numTemps, bool full = false, IReadOnlyList<NilTestSite>? nilTests = null)
    {
        var method = Build(name, decoded, stack, kind, start, numArgs, numTemps, full, outOfLineSends: false, nilTests ?? []);
        return TooLargeForTheJit(method.Body) ? Build(name, decoded, stack, kind, start, numArgs, numTemps, full, outOfLineSends: true, nilTests ?? []) : method;
    }

    /// <summary>
    /// RyuJIT compiles a method without optimisation (MinOpts) when it has more than 2,000 basic
    /// blocks or 8,000 references to locals (arguments counted here too), fixed limits in release runtimes; this estimates both
    /// with some room to spare, as the JIT's own counts differ a little from the IL's.
    /// </summary>
    public static bool TooLargeForTheJit(MethodBody body)
    {
        var starts = new HashSet<Instruction>();
        var localRefs = 0;
        foreach (var ins in body.Instructions)
        {
            switch (ins.Operand)
            {
                case Instruction target: starts.Add(target); break;
                case Instruction[] targets: starts.UnionWith(targets); break;
            }
            var flow = ins.OpCode.FlowControl;
            if (flow is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw && ins.Next is { } next) starts.Add(next);
            if (ins.OpCode.Code is >= Code.Ldarg_0 and <= Code.Stloc_3 or >= Code.Ldarg_S and <= Code.Stloc_S or >= Code.Ldarg and <= Code.Stloc)
                localRefs++;
        }
        return starts.Count > 1700 || localRefs > 7000;
    }

    private MethodDefinition Build(string name, DecodedMethod decoded, StackAnalysis stack, Kind kind, int start, int numArgs, int numTemps, bool full, bool outOfLineSends, IReadOnlyList<NilTestSite> nilTests)
    {
        var method = new MethodDefinition(name, MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, valueType);
        var passed = Math.Min(numArgs, MaxArgs);
        foreach (var (n, t) in new[] { ("vm", interpreter), ("mi", methodInfo), ("depth", module.TypeSystem.Int32), ("self", valueType) }
                     .Concat(Enumerable.Range(1, passed).Select(a => ("a" + a, valueType))).Append(("ctx", pointersObject)))
            method.Parameters.Add(new ParameterDefinition(n, ParameterAttributes.None, t));
        var body = method.Body;
        body.InitLocals = true;
        VariableDefinition Local(TypeReference t) { var v = new VariableDefinition(t); body.Variables.Add(v); return v; }
        var il = body.GetILProcessor();

        var reachable = DirectFlow.Reachable(decoded, start, InBlock(kind), nilTests);
        // The sites in this frame's own code (a body of one of their blocks runs that block as itself).
        var ownPcs = reachable.Select(i => i.Pc).ToHashSet();
        nilTests = nilTests.Where(s => ownPcs.Contains(s.Pc)).ToList();
        var depthAt = nilTests.Count == 0 ? stack.DepthAt : InlinedDepths(stack, nilTests);
        // An inlined block's stack sits above its site's receiver.
        var slotCount = Math.Max(numTemps, stack.MaxDepth) + 1 + nilTests.Select(s => depthAt[s.Pc]).DefaultIfEmpty(0).Max();
        var siteOf = new Dictionary<int, int>();
        foreach (var i in decoded.Instructions.Where(i => i.IsSend)) siteOf[i.Pc] = siteOf.Count;
        var f = new Frame
        {
            Kind = kind,
            ArgCtx = ArgFirst + passed,
            Full = full,
            Decoded = decoded,
            StackBase = kind == Kind.TempsInContext ? numTemps : 0,
            Home = Local(pointersObject), HomeSlots = Local(valueArray),
            IL = il,
            L = Enumerable.Range(0, slotCount).Select(_ => Local(valueType)).ToArray(),
            Lits = Local(valueArray), Sites = Local(sendSiteArray), Rslots = Local(valueArray), None = Local(valueType),
            FlushPc = Local(module.TypeSystem.Int32), FlushDepth = Local(module.TypeSystem.Int32), Result = Local(valueType),
            Site = Local(sendSite), X = Local(module.TypeSystem.Int64), Y = Local(module.TypeSystem.Int64), R = Local(module.TypeSystem.Int64),
            Obj = Local(pointersObject), CtxSlots = Local(valueArray),
            SiteClass = Local(sqObject), Quick = Local(module.TypeSystem.Int32), QuickIndex = Local(module.TypeSystem.Int32), QuickSlots = Local(valueArray),
            Labels = reachable.ToDictionary(i => i.Pc, _ => il.Create(OpCodes.Nop)),
            ByPc = decoded.Instructions.ToDictionary(i => i.Pc),
            Depth = depthAt,
            NilTests = nilTests,
            SiteOf = siteOf,
            Materialize = il.Create(OpCodes.Nop),
            OutOfLineSends = outOfLineSends,
        };

        EmitEntry(f, start, numArgs, numTemps, reachable.Any(i => i.Op is Op.PushReceiverVariable or Op.StoreReceiverVariable), DirectFlow.ResumePoints(decoded, nilTests));
        foreach (var i in reachable)
        {
            il.Append(f.Labels[i.Pc]);
            EmitInstruction(f, i);
        }
        for (var k = 0; k < f.Cold.Count; k++) f.Cold[k]();   // a cold block may add another
        for (var k = 0; k < f.Shared.Count; k++) f.Shared[k]();
        EmitMaterialize(f);
        ShortForms.Apply(body);
        return method;
    }

    /// <summary>vm.InterruptCountdown -= 1, leaving the new value and 0 on the stack for a branch.</summary>
    private void CountDown(Frame f)
    {
        var il = f.IL;
        il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldfld, vmCountdown);
        il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Sub); il.Emit(OpCodes.Stfld, vmCountdown);
        il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldfld, vmCountdown); il.Emit(OpCodes.Ldc_I4_0);
    }

    private void LoadVm(Frame f, FieldReference field)
    {
        f.IL.Emit(OpCodes.Ldarg, ArgVm);
        f.IL.Emit(OpCodes.Ldfld, field);
    }

    /// <summary>Writes this frame out as a context that resumes at <paramref name="pc"/> with <paramref name="depth"/> slots, and returns.</summary>
    private void FlushAt(Frame f, int pc, int depth)
    {
        var il = f.IL;
        il.Emit(OpCodes.Ldc_I4, pc); il.Emit(OpCodes.Stloc, f.FlushPc);
        il.Emit(OpCodes.Ldc_I4, depth); il.Emit(OpCodes.Stloc, f.FlushDepth);
        il.Emit(OpCodes.Br, NilTestAt(f, pc) is { } inBlock ? NilTestMaterializeFor(f, inBlock.Site, inBlock.Block) : f.Materialize);
    }

    private void EmitMaterialize(Frame f)
    {
        var il = f.IL;
        il.Append(f.Materialize);
        OwnFlushedContext(f, () => { il.Emit(OpCodes.Ldloc, f.FlushPc); il.Emit(OpCodes.Ldloc, f.FlushDepth); });
        StoreStack(f, f.StackBase, 0);
        il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Call, linkFlushed);
        il.Emit(OpCodes.Ldloc, f.None);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>
    /// The context this frame writes itself into (its own, married or new; a block's is its
    /// BlockContext), at the pc and depth <paramref name="loadPcAndDepth"/> pushes; left in f.Obj, its slots in f.CtxSlots.
    /// </summary>
    private void OwnFlushedContext(Frame f, Action loadPcAndDepth)
    {
        var il = f.IL;
        if (f.Kind == Kind.Block)
        {
            il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldarg, f.ArgCtx); il.Emit(OpCodes.Ldarg, ArgMi);
            loadPcAndDepth();
            il.Emit(OpCodes.Call, newFlushedBlock);
        }
        else if (f.Kind == Kind.Closure)
        {
            il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldarg, ArgMi); il.Emit(OpCodes.Ldarg, f.ArgCtx); il.Emit(OpCodes.Ldarg, ArgSelf);
            loadPcAndDepth();
            il.Emit(OpCodes.Call, newFlushedClosureFrame);
        }
        else
        {
            il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldarg, ArgMi); il.Emit(OpCodes.Ldarg, ArgSelf);
            loadPcAndDepth();
            if (MarriedAtEntry(f) || f.Kind == Kind.ClosureMakesClosures) il.Emit(OpCodes.Ldloc, f.Home); else il.Emit(OpCodes.Ldarg, f.ArgCtx);
            il.Emit(OpCodes.Call, newFlushedContext);
        }
        il.Emit(OpCodes.Stloc, f.Obj);
        il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Stloc, f.CtxSlots);
    }

    /// <summary>f.CtxSlots[CtxTempStart + k - <paramref name="shift"/>] = L[k] for k from <paramref name="first"/> while below f.FlushDepth.</summary>
    private void StoreStack(Frame f, int first, int shift)
    {
        var il = f.IL;
        var done = il.Create(OpCodes.Nop);
        for (var k = first; k < f.L.Length; k++)
        {
            il.Emit(OpCodes.Ldloc, f.FlushDepth); il.Emit(OpCodes.Ldc_I4, k); il.Emit(OpCodes.Ble, done);
            il.Emit(OpCodes.Ldloc, f.CtxSlots); il.Emit(OpCodes.Ldc_I4, Layout.CtxTempStart + k - shift); il.Emit(OpCodes.Ldloc, f.L[k]);
            il.Emit(OpCodes.Stelem_Any, valueType);
        }
        il.Append(done);
    }

    private void EmitInstruction(Frame f, Decoded i)
    {
        var il = f.IL;
        var d = f.Depth[i.Pc];
        if (f.NilTests.Count > 0 && EmitNilTestPart(f, i, d)) return;
        if (DirectFlow.BlockCopyAt(f.Decoded, f.ByPc, i) is { } afterSend) { EmitBlockCopy(f, d, afterSend); return; }
        if (InBlock(f.Kind) && i.IsReturn && i.Op is not (Op.BlockReturnTop or Op.BlockReturnNil)) { EmitNonLocalReturn(f, i, d); return; }
        if (DirectFlow.FlushesAt(i, InBlock(f.Kind))) { FlushAt(f, i.Pc, d); return; }
        switch (i.Op)
        {
            case Op.PushClosure: EmitClosure(f, i, d); return;
            case Op.PushFullClosure: EmitFullClosure(f, i, d); return;
            case Op.PushCharacter: Set(f, d, () => { il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldc_I4, i.Index); il.Emit(OpCodes.Call, characterFor); }); break;
            case Op.PushTemp when TempsInHome(f): Set(f, d, () => Element(f, f.HomeSlots, Layout.CtxTempStart + i.Index)); break;
            case Op.StoreTemp when TempsInHome(f):
                il.Emit(OpCodes.Ldloc, f.HomeSlots); il.Emit(OpCodes.Ldc_I4, Layout.CtxTempStart + i.Index); il.Emit(OpCodes.Ldloc, f.L[d - 1]);
                il.Emit(OpCodes.Stelem_Any, valueType);
                break;
            case Op.PushTemp: Set(f, d, () => il.Emit(OpCodes.Ldloc, f.L[i.Index])); break;
            case Op.PushReceiverVariable: Set(f, d, () => Element(f, f.Rslots, i.Index)); break;
            case Op.PushLiteralConstant: Set(f, d, () => Element(f, f.Lits, i.Index)); break;
            case Op.PushLiteralVariable:
                Set(f, d, () => { LiteralVariableSlots(f, i.Index); il.Emit(OpCodes.Ldc_I4, Layout.AssocValue); il.Emit(OpCodes.Ldelem_Any, valueType); });
                break;
            case Op.PushSelf: Set(f, d, () => il.Emit(OpCodes.Ldarg, ArgSelf)); break;
            case Op.PushTrue: Set(f, d, () => LoadVm(f, vmTrue)); break;
            case Op.PushFalse: Set(f, d, () => LoadVm(f, vmFalse)); break;
            case Op.PushNil: Set(f, d, () => LoadVm(f, vmNil)); break;
            case Op.PushInteger: Set(f, d, () => { ShortForms.Int64Constant(il, i.Index); il.Emit(OpCodes.Call, smallInt); }); break;
            case Op.Dup: Set(f, d, () => il.Emit(OpCodes.Ldloc, f.L[d - 1])); break;
            case Op.StoreTemp: Set(f, i.Index, () => il.Emit(OpCodes.Ldloc, f.L[d - 1])); break;
            case Op.StoreReceiverVariable:
            {
                // An immutable receiver gets attemptToAssign:withIndex: from the interpreter.
                var ok = il.Create(OpCodes.Nop);
                il.Emit(OpCodes.Ldarga, ArgSelf); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Ldfld, objectFlags);
                il.Emit(OpCodes.Ldc_I4, (int)ObjectFlags.Immutable); il.Emit(OpCodes.And); il.Emit(OpCodes.Brfalse, ok);
                FlushAt(f, i.Pc, d);
                il.Append(ok);
                il.Emit(OpCodes.Ldloc, f.Rslots); il.Emit(OpCodes.Ldc_I4, i.Index); il.Emit(OpCodes.Ldloc, f.L[d - 1]); il.Emit(OpCodes.Stelem_Any, valueType);
                break;
            }
            case Op.StoreLiteralVariable:
                LiteralVariableSlots(f, i.Index); il.Emit(OpCodes.Ldc_I4, Layout.AssocValue); il.Emit(OpCodes.Ldloc, f.L[d - 1]); il.Emit(OpCodes.Stelem_Any, valueType);
                break;
            case Op.PushRemoteTemp:
                Set(f, d, () => { TempVectorSlots(f, i.Extra); il.Emit(OpCodes.Ldc_I4, i.Index); il.Emit(OpCodes.Ldelem_Any, valueType); });
                break;
            case Op.StoreRemoteTemp:
                TempVectorSlots(f, i.Extra); il.Emit(OpCodes.Ldc_I4, i.Index); il.Emit(OpCodes.Ldloc, f.L[d - 1]); il.Emit(OpCodes.Stelem_Any, valueType);
                break;
            case Op.PushNewArray: EmitNewArray(f, i, d); break;
            case Op.Pop: case Op.Nop: case Op.CallPrimitive: break;
            case Op.ReturnTop or Op.BlockReturnTop: Return(f, () => il.Emit(OpCodes.Ldloc, f.L[d - 1])); return;
            case Op.ReturnReceiver: Return(f, () => il.Emit(OpCodes.Ldarg, ArgSelf)); return;
            case Op.ReturnTrue: Return(f, () => LoadVm(f, vmTrue)); return;
            case Op.ReturnFalse: Return(f, () => LoadVm(f, vmFalse)); return;
            case Op.ReturnNil or Op.BlockReturnNil: Return(f, () => LoadVm(f, vmNil)); return;
            case Op.Jump: GoTo(f, i.Target, i.Pc); return;
            case Op.JumpIfTrue: case Op.JumpIfFalse: EmitConditionalJump(f, i, d); return;
            case Op.SpecialSend: EmitSpecialSend(f, i, d); return;
            case Op.Send: case Op.SuperSend: EmitSend(f, i, d); break;
            case Op.DirectedSuperSend: EmitDirectedSuperSend(f, i, d); break;
            default: FlushAt(f, i.Pc, d); return;
        }
        Next(f, i);
    }

    /// <summary>L[slot] = (value emitted by <paramref name="load"/>).</summary>
    private void Set(Frame f, int slot, Action load)
    {
        load();
        f.IL.Emit(OpCodes.Stloc, f.L[slot]);
    }

    private void Element(Frame f, VariableDefinition array, int index)
    {
        f.IL.Emit(OpCodes.Ldloc, array);
        f.IL.Emit(OpCodes.Ldc_I4, index);
        f.IL.Emit(OpCodes.Ldelem_Any, valueType);
    }

    private void LiteralVariableSlots(Frame f, int index)
    {
        var il = f.IL;
        il.Emit(OpCodes.Ldloc, f.Lits); il.Emit(OpCodes.Ldc_I4, index); il.Emit(OpCodes.Ldelema, valueType);
        il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Castclass, pointersObject); il.Emit(OpCodes.Ldfld, slots);
    }

    private void TempVectorSlots(Frame f, int vectorTemp)
    {
        var il = f.IL;
        il.Emit(OpCodes.Ldloca, f.L[vectorTemp]); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Castclass, pointersObject); il.Emit(OpCodes.Ldfld, slots);
    }

    private void EmitNewArray(Frame f, Decoded i, int d)
    {
        var il = f.IL;
        var n = i.ArgCount;
        il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldc_I4, n); il.Emit(OpCodes.Call, newArray); il.Emit(OpCodes.Stloc, f.Result);
        var target = d;
        if (i.Pop)
        {
            target = d - n;
            il.Emit(OpCodes.Ldloca, f.Result); il.Emit(OpCodes.Ldfld, valueRef); il.Emit(OpCodes.Castclass, pointersObject); il.Emit(OpCodes.Ldfld, slots);
            il.Emit(OpCodes.Stloc, f.CtxSlots);
            for (var k = 0; k < n; k++)
            {
                il.Emit(OpCodes.Ldloc, f.CtxSlots); il.Emit(OpCodes.Ldc_I4, k); il.Emit(OpCodes.Ldloc, f.L[d - n + k]); il.Emit(OpCodes.Stelem_Any, valueType);
            }
        }
        il.Emit(OpCodes.Ldloc, f.Result); il.Emit(OpCodes.Stloc, f.L[target]);
    }

    private void Next(Frame f, Decoded i) => GoTo(f, i.NextPc, i.Pc);

    /// <summary>Continue at <paramref name="target"/>; a backward jump counts down to the next interrupt check.</summary>
    private void GoTo(Frame f, int target, int from)
    {
        var il = f.IL;
        if (!f.Labels.TryGetValue(target, out var label))
        {
            FlushAt(f, target, f.Depth[target]);
            return;
        }
        if (target > from) { il.Emit(OpCodes.Br, label); return; }
        CountDown(f);
        il.Emit(OpCodes.Bgt, label);
        il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Call, poll); il.Emit(OpCodes.Brfalse, label);
        // Something is due: the jump is done, the interpreter goes on from its target.
        FlushAt(f, target, f.Depth[target]);
    }

    private void EmitConditionalJump(Frame f, Decoded i, int d)
    {
        var il = f.IL;
        var isTrue = il.Create(OpCodes.Nop);
        var isFalse = il.Create(OpCodes.Nop);
        il.Emit(OpCodes.Ldloca, f.L[d - 1]); il.Emit(OpCodes.Ldfld, valueRef); LoadVm(f, vmTrueObj); il.Emit(OpCodes.Beq, isTrue);
        il.Emit(OpCodes.Ldloca, f.L[d - 1]); il.Emit(OpCodes.Ldfld, valueRef); LoadVm(f, vmFalseObj); il.Emit(OpCodes.Beq, isFalse);
        FlushAt(f, i.Pc, d);    // not a Boolean: the interpreter sends mustBeBoolean
        il.Append(isTrue);
        if (i.Op == Op.JumpIfTrue) GoTo(f, i.Target, i.Pc); else Next(f, i);
        il.Append(isFalse);
        if (i.Op == Op.JumpIfFalse) GoTo(f, i.Target, i.Pc); else Next(f, i);
    }
}
