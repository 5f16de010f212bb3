using System.Runtime.CompilerServices;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Execution;

// Message sending: lookup, the method cache, primitives, activation, doesNotUnderstand:.
public sealed partial class Interpreter
{
    private readonly MethodCache cache = new();
    private SqObject[] specialSelectors = [];
    private int[] specialSelectorArgs = [];
    public long SendCount;
    /// <summary>Names of missing primitives already reported (with --trace-missing).</summary>
    private readonly HashSet<string> reportedMissing = new();
    public bool TraceMissing;

    private void InitializeSpecialSelectors()
    {
        var table = Mem.Special(SpecialObjectIndex.SpecialSelectors);
        if (!table.IsObject || table.Obj is not PointersObject t) return;
        var n = t.Slots.Length / 2;
        specialSelectors = new SqObject[n];
        specialSelectorArgs = new int[n];
        for (var i = 0; i < n; i++)
        {
            specialSelectors[i] = t.Slots[2 * i].IsObject ? t.Slots[2 * i].Obj : Mem.Nil;
            specialSelectorArgs[i] = t.Slots[2 * i + 1].IsSmallInt ? (int)t.Slots[2 * i + 1].Bits : 0;
        }
    }

    public void FlushMethodCache()
    {
        cache.Flush();
        ClearSendSites();
        methodCacheEpoch++;
    }

    /// <summary>
    /// Forgets what sends of <paramref name="selector"/> found (Symbol>>flushCache, primitive 119): the
    /// image sends it for each method it installs (Cuis twice, with the old method's flushCache), and
    /// emptying every cache and site for each made recompiling a class mostly misses.
    /// </summary>
    public void FlushMethodCache(SqObject selector)
    {
        // Nil-test sites keep what they found out about value and value: (NilTestShape) with their own selector's entries.
        if (ReferenceEquals(selector, SpecialSelector(ValueSpecialIndex)) || ReferenceEquals(selector, SpecialSelector(ValueColonSpecialIndex)))
        {
            FlushMethodCache();
            return;
        }
        cache.Flush(selector);
        ClearSendSites(selector);
        methodCacheEpoch++;
    }

    /// <summary>Forgets where <paramref name="method"/> was found (CompiledMethod>>flushCache, primitive 116).</summary>
    public void FlushMethodCache(CompiledMethodObject method)
    {
        cache.Flush(method);
        ClearSendSites(method);
        methodCacheEpoch++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MethodInfo InfoOf(CompiledMethodObject m)
    {
        if (m.VmInfo is MethodInfo mi) return mi;
        return ResolveInfo(m);
    }

    private MethodInfo ResolveInfo(CompiledMethodObject m)
    {
        var mi = new MethodInfo(m, Mem.Image.Format);
        if (mi.PrimitiveIndex == 117)
        {
            var spec = m.Literals.Length > 0 && m.Literals[0].IsObject && m.Literals[0].Obj is PointersObject a && a.Slots.Length >= 2 ? a : null;
            var module = spec is null ? null : ObjectMemory.StringOf(spec.Slots[0]) ?? "";
            var name = spec is null ? null : ObjectMemory.StringOf(spec.Slots[1]);
            if (name is not null) mi.Primitive = Primitives.Named(module!, name);
            mi.PrimitiveRunsDirect = DirectSafePrimitives.Allows(117, module);
            if (mi.Primitive is null) mi.MissingPrimitive = $"{(module is { Length: > 0 } ? module : "?")}>>{name ?? "?"}";
        }
        else if (mi.PrimitiveIndex > 0 && !mi.IsQuick)
        {
            mi.Primitive = Primitives.Numbered(mi.PrimitiveIndex);
            mi.PrimitiveRunsDirect = DirectSafePrimitives.Allows(mi.PrimitiveIndex, null);
            if (mi.Primitive is null && !PrimitiveTable.FailsByDesign(mi.PrimitiveIndex)) mi.MissingPrimitive = $"primitive {mi.PrimitiveIndex}";
        }
        if (Compiled is null && PendingCompiled is { IsCompleted: true }) AdoptCompiledCode();
        if (Compiled is not null) AttachOrAwait(mi);
        else if (PendingCompiled is not null) methodsBeforeCode.Add(mi);
        m.VmInfo = mi;
        return mi;
    }

    /// <summary>
    /// Compiled code still loading (the launcher starts it beside the image read): until it is
    /// there methods are interpreted; when it arrives, the methods that ran meanwhile get their
    /// bodies too. So the first bytecode never waits for the assembly.
    /// </summary>
    public Task<CompiledCode?>? PendingCompiled;
    private readonly List<MethodInfo> methodsBeforeCode = new();

    private void AdoptCompiledCode()
    {
        var pending = PendingCompiled!;
        PendingCompiled = null;
        Compiled = pending.GetAwaiter().GetResult();
        if (Compiled is not null)
            foreach (var mi in methodsBeforeCode) AttachOrAwait(mi);
        methodsBeforeCode.Clear();
    }

    /// <summary>
    /// How many sends from the interpreter a method takes before its compiled bodies are attached
    /// (1: when it is first looked up). A body's first call costs a JIT compilation worth many
    /// interpreted runs, and most of what an image's start-up runs, runs once; the launcher sets a
    /// warm-up count. Compiled callers, blocks valued from compiled code and loops the interpreter
    /// is in (at its interrupt checks) attach a method's bodies at once.
    /// </summary>
    public int AttachAfterCalls = 1;

    private void AttachOrAwait(MethodInfo mi)
    {
        if (AttachAfterCalls <= 1) AttachBody(mi.Method, mi);
        else mi.AwaitingBody = !mi.IsQuick;
    }

    /// <summary>A method's info with its compiled bodies attached if they were waiting: compiled code is about to run one of them.</summary>
    internal MethodInfo InfoWithBodies(CompiledMethodObject m)
    {
        var mi = InfoOf(m);
        AttachIfAwaiting(mi);
        return mi;
    }

    /// <summary>Attaches a method's compiled bodies now if they were waiting (see <see cref="AttachAfterCalls"/>).</summary>
    internal void AttachIfAwaiting(MethodInfo mi)
    {
        if (!mi.AwaitingBody) return;
        mi.AwaitingBody = false;
        AttachBody(mi.Method, mi);
    }

    /// <summary>Compiled code by content key (from the recompiler's assembly); null when interpreting only.</summary>
    public CompiledCode? Compiled;

    private void AttachBody(CompiledMethodObject m, MethodInfo mi)
    {
        if (mi.IsQuick) return;
        try
        {
            var decoded = Bytecodes.DecodedMethod.Decode(m, Mem.Image.Format);
            var nilTests = Bytecodes.NilTestSites.Of(decoded, m.Literals);
            if (!Compiled!.TryGet(Bytecodes.BodyKey.Of(m, decoded, nilTests).Hash, out var body, out var entry, out var blocks)) return;
            mi.Body = body;
            if (entry != 0 && Bytecodes.DecodedMethod.IsCompiledBlock(m, Mem.Image.Format))
            {
                // A full block's body is entered only through its closure; its contexts are blocks, never resumed directly.
                mi.FullBlockEntry = entry;
                mi.Sites = NewSites(mi, decoded);
                AttachBlockEntries(mi, decoded, blocks);
            }
            else if (entry != 0)
            {
                mi.DirectEntry = entry;
                mi.Sites = NewSites(mi, decoded);
                mi.DirectResumePoints = Bytecodes.DirectFlow.ResumePoints(decoded, nilTests);
                mi.InlinesNilTests = Bytecodes.NilTestSites.CoverAllBlocks(decoded, nilTests);
                AttachBlockEntries(mi, decoded, blocks);
            }
        }
        catch (Bytecodes.DecodeException)
        {
            // A method that does not decode has no compiled body: it is interpreted.
        }
    }

    private static void AttachBlockEntries(MethodInfo mi, Bytecodes.DecodedMethod decoded, (int Pc, nint Entry)[] blocks)
    {
        if (blocks.Length == 0) return;
        mi.BlockEntries = new nint[decoded.End + 1];
        foreach (var (pc, e) in blocks) mi.BlockEntries[pc] = e;
    }

    /// <summary>Finds the method for a selector starting at a class, following superclasses.</summary>
    public SqObject? Lookup(SqObject cls, SqObject selector)
    {
        var c = cls;
        for (var depth = 0; depth < 10000 && c is PointersObject pc && !ReferenceEquals(c, Mem.Nil); depth++)
        {
            if (pc.Slots.Length > Layout.ClassMethodDict && pc.Slots[Layout.ClassMethodDict].Ref is PointersObject dict
                && dict.Slots.Length > Layout.MethodDictValues && dict.Slots[Layout.MethodDictValues].Ref is PointersObject values)
            {
                var keys = dict.Slots;
                for (var i = Layout.MethodDictFirstKey; i < keys.Length; i++)
                    if (ReferenceEquals(keys[i].Ref, selector) && keys[i].IsObject)
                    {
                        var j = i - Layout.MethodDictFirstKey;
                        return j < values.Slots.Length && values.Slots[j].IsObject ? values.Slots[j].Obj : null;
                    }
            }
            c = pc.Slots.Length > 0 ? pc.Slots[Layout.ClassSuperclass].Ref : null;
        }
        return null;
    }

    /// <summary>What a send of the selector to an instance of the class runs, through the send cache (perform: asks this on every call).</summary>
    public SqObject? LookupCached(SqObject cls, SqObject selector) => Find(cls, selector).Method;

    private MethodCache.Entry Find(SqObject cls, SqObject selector)
    {
        var e = cache.Slot(cls, selector);
        if (ReferenceEquals(e.Class, cls) && ReferenceEquals(e.Selector, selector)) return e;
        var m = Lookup(cls, selector);
        e = cache.Victim(cls, selector);
        e.Class = cls;
        e.Selector = selector;
        e.Method = m;
        e.Info = m is CompiledMethodObject cm ? InfoOf(cm) : null;
        e.Target = 0;
        return e;
    }

    /// <summary>Sends <paramref name="selector"/> to the receiver below <paramref name="argCount"/> arguments on the active stack.</summary>
    public void Send(SqObject selector, int argCount)
    {
        var rcvr = frame[sp - argCount];
        SendTo(Mem.ClassOf(rcvr), selector, argCount);
    }

    public void SuperSend(SqObject selector, int argCount)
    {
        var methodClass = MethodClassOf(method);
        var super = methodClass is PointersObject mc && mc.Slots.Length > 0 ? mc.Slots[Layout.ClassSuperclass].Ref : null;
        SendTo(super ?? Mem.Nil, selector, argCount);
    }

    /// <summary>The class a method is installed in: the value of its last literal (an association or a binding).</summary>
    public SqObject? MethodClassOf(CompiledMethodObject m)
    {
        if (m.Literals.Length == 0) return null;
        var last = m.Literals[^1];
        if (last.Ref is PointersObject assoc && assoc.Slots.Length > Layout.AssocValue && assoc.Slots[Layout.AssocValue].IsObject)
            return assoc.Slots[Layout.AssocValue].Obj;
        return null;
    }

    public void SendTo(SqObject lookupClass, SqObject selector, int argCount)
    {
        SendCount++;
        var e = Find(lookupClass, selector);
        if (e.Info is { } info)
        {
            if (info.NumArgs == argCount) { Execute((CompiledMethodObject)e.Method!, info, argCount); return; }
        }
        else if (e.Method is not null) { RunWithIn(e.Method, selector, argCount); return; }
        DoesNotUnderstand(selector, argCount, lookupClass);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Execute(CompiledMethodObject m, MethodInfo info, int argCount)
    {
        if (info.AwaitingBody && ++info.InterpretedCalls >= AttachAfterCalls) AttachIfAwaiting(info);
        if (info.Trap is not null && TrapApplies(info)) { HitTrap(info, argCount); return; }
        if (info.PrimitiveIndex != 0)
        {
            if (info.IsQuick) { QuickReturn(info.PrimitiveIndex, argCount); return; }
            if (info.Primitive is { } prim)
            {
                StoreContextRegisters();
                PrimFailCode = 0;
                var ctx = activeContext;
                var savedSp = sp;
                if (prim(this, argCount)) return;
                if (!ReferenceEquals(ctx, activeContext) || sp != savedSp) RestoreAfterBadPrimitive(ctx, savedSp);
                if (PrimFailCode == 0) PrimFailCode = PrimErr.Generic;
            }
            else
            {
                PrimFailCode = PrimErr.Generic;
                if (info.MissingPrimitive is { } name && TraceMissing && reportedMissing.Add(name))
                    Stderr.WriteLine($"missing primitive: {name}");
            }
        }
        if (info.DirectEntry != 0 && !info.StoresErrorCode) { PrimFailCode = 0; CallDirect(info, argCount); return; }
        Activate(m, info, argCount);
    }

    /// <summary>A primitive that failed must leave the stack untouched; if one did not, put the registers back.</summary>
    private void RestoreAfterBadPrimitive(PointersObject ctx, int savedSp)
    {
        if (!ReferenceEquals(ctx, activeContext)) FetchContextRegisters(ctx);
        sp = savedSp;
    }

    private void QuickReturn(int index, int argCount)
    {
        sp -= argCount;
        var r = frame[sp];
        frame[sp] = index switch
        {
            256 => r,
            257 => Mem.TrueV,
            258 => Mem.FalseV,
            259 => Mem.NilV,
            260 => Value.SmallInt(-1),
            261 => Value.SmallInt(0),
            262 => Value.SmallInt(1),
            263 => Value.SmallInt(2),
            _ => r.Ref is PointersObject p && index - 264 < p.Slots.Length ? p.Slots[index - 264] : Mem.NilV,
        };
    }

    /// <summary>Makes a new MethodContext for the method, moves receiver and arguments into it and makes it active.</summary>
    private void Activate(CompiledMethodObject m, MethodInfo info, int argCount)
    {
        var ctx = NewContext(Layout.CtxTempStart + info.FrameSize);
        var slots = ctx.Slots;
        var rcvrIndex = sp - argCount;
        slots[Layout.CtxSender] = activeContext;
        var nil = Mem.NilV;
        // A recycled context often ran this very method last time: skip the stores it already holds.
        if (!ReferenceEquals(slots[Layout.CtxMethod].Ref, m)) slots[Layout.CtxMethod] = m;
        if (!ReferenceEquals(slots[Layout.CtxClosure].Ref, nil.Ref)) slots[Layout.CtxClosure] = nil;
        for (var i = 0; i <= argCount; i++) slots[Layout.CtxReceiver + i] = frame[rcvrIndex + i];
        for (var i = Layout.CtxTempStart + argCount; i < Layout.CtxTempStart + info.NumTemps; i++) slots[i] = nil;
        sp = rcvrIndex - 1;
        StoreContextRegisters();

        activeContext = ctx;
        frame = slots;
        temps = slots;
        method = m;
        methodInfo = info;
        code = m.Bytes;
        literals = m.Literals;
        receiver = slots[Layout.CtxReceiver];
        receiverSlots = (receiver.Ref as PointersObject)?.Slots;
        inBlock = false;
        pc = 0;
        sp = Layout.CtxTempStart + info.NumTemps - 1;
        if (info.PrimitiveIndex != 0 && PrimFailCode != 0) StorePrimitiveErrorCode(info);
        PrimFailCode = 0;
    }

    /// <summary>
    /// A method declared with an error code starts with callPrimitive followed by a store
    /// into that temporary: the failure code (or the image's error object for it) goes on
    /// the stack top, where that store picks it up.
    /// </summary>
    private void StorePrimitiveErrorCode(MethodInfo info)
    {
        int storeAt;
        byte expected;
        if (code.Length >= 4 && code[0] == 139 && !info.UsesSista) { storeAt = 3; expected = 129; }
        else if (code.Length >= 4 && code[0] == 248 && info.UsesSista) { storeAt = 3; expected = 0xF5; }
        else return;
        if (code[storeAt] != expected) return;
        frame[sp] = PrimitiveErrorObject(PrimFailCode);
    }

    private Value PrimitiveErrorObject(int code)
    {
        var table = Mem.Special(51);
        if (table.Ref is PointersObject t && code >= 1 && code <= t.Slots.Length && !ReferenceEquals(t.Slots[code - 1].Ref, Mem.Nil))
            return t.Slots[code - 1];
        return Value.SmallInt(code);
    }

    private void DoesNotUnderstand(SqObject selector, int argCount, SqObject lookupClass)
    {
        var dnu = Mem.Special(SpecialObjectIndex.SelectorDoesNotUnderstand).Obj;
        if (ReferenceEquals(selector, dnu))
            throw new VmError($"recursive doesNotUnderstand: the receiver's class has no {ObjectMemory.StringOf(selector)}");
        var args = Mem.NewArray(argCount);
        Array.Copy(frame, sp - argCount + 1, args.Slots, 0, argCount);
        var msg = (PointersObject)Mem.Instantiate(Mem.ClassMessage, 0)!;
        msg.Slots[Layout.MessageSelector] = selector;
        msg.Slots[Layout.MessageArguments] = args;
        if (msg.Slots.Length > Layout.MessageLookupClass) msg.Slots[Layout.MessageLookupClass] = lookupClass;
        sp -= argCount;
        frame[++sp] = msg;
        SendTo(lookupClass, dnu, 1);
    }

    /// <summary>A non-method object in a method dictionary is asked to run:with:in:.</summary>
    private void RunWithIn(SqObject obj, SqObject selector, int argCount)
    {
        var args = Mem.NewArray(argCount);
        Array.Copy(frame, sp - argCount + 1, args.Slots, 0, argCount);
        var rcvr = frame[sp - argCount];
        sp -= argCount + 1;
        frame[++sp] = obj;
        frame[++sp] = selector;
        frame[++sp] = args;
        frame[++sp] = rcvr;
        Send(Mem.Special(49).Obj, 3);
    }

    /// <summary>Sends a special selector (bytecodes 176–207) by its index in the special selectors array.</summary>
    private void SendSpecial(int index) => Send(specialSelectors[index], specialSelectorArgs[index]);
}

/// <summary>A condition that stops the VM (not a Smalltalk error): reported as one line.</summary>
public sealed class VmError(string message) : Exception(message);
