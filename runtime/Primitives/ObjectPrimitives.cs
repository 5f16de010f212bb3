using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>Identity, class, instantiation, copying, hashing and characters.</summary>
public static class ObjectPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.Add(110, (vm, n) => vm.Answer(n, Identical(vm.Stack(n), vm.Stack(0))));
        t.Add(169, (vm, n) => vm.Answer(n, !Identical(vm.Stack(n), vm.Stack(0))));
        t.Add(111, (vm, n) => vm.Answer(n, vm.Mem.ClassOf(vm.Stack(n))));
        t.Add(70, BasicNew);
        t.Add(71, BasicNewWithSize);
        t.Add(79, NewMethod);
        t.Add(148, (vm, n) => vm.Stack(n).IsObject ? vm.Answer(n, ShallowCopy(vm, vm.Stack(n).Obj)) : vm.Answer(n, vm.Stack(n)));
        t.Add(75, IdentityHash);
        t.Add(171, ImmediateAsInteger);
        t.Add(175, IdentityHash);
        t.Add(176, (vm, n) => vm.Answer(n, vm.Mem.IsSpur ? 0x3FFFFFL : 0xFFFL));
        t.Add(170, CharacterValue);
        t.Add(115, ChangeClass);
        t.Add(160, AdoptInstance);
        t.Add(129, (vm, n) => vm.Answer(n, vm.Mem.SpecialObjects));
        t.Add(132, ObjectPointsTo);
        t.Add(18, (vm, n) => n == 1 ? vm.Answer(1, vm.Mem.NewPoint(vm.Stack(1), vm.Stack(0))) : false);
    }

    /// <summary>objectPointsTo: — the receiver's class, slots or literals include the argument.</summary>
    private static bool ObjectPointsTo(Interpreter vm, int n)
    {
        if (n != 1) return false;
        var target = vm.Stack(0);
        if (!vm.Stack(1).IsObject) return vm.Answer(1, false);
        var o = vm.Stack(1).Obj;
        if (target.IsObject && ReferenceEquals(o.Class, target.Obj)) return vm.Answer(1, true);
        var slots = o switch { PointersObject p => p.Slots, CompiledMethodObject m => m.Literals, _ => [] };
        foreach (var v in slots)
            if (Identical(v, target)) return vm.Answer(1, true);
        return vm.Answer(1, false);
    }

    public static bool Identical(Value a, Value b) => ReferenceEquals(a.Ref, b.Ref) && a.Bits == b.Bits;

    private static bool BasicNew(Interpreter vm, int n)
    {
        if (!vm.Stack(n).IsObject) return false;
        return TryBasicNew(vm, vm.Stack(n), out var o) ? vm.Answer(n, o) : vm.Fail(PrimErr.BadReceiver);
    }

    private static bool BasicNewWithSize(Interpreter vm, int n)
    {
        if (n != 1 || !vm.Stack(1).IsObject || !vm.Stack(0).IsSmallInt) return vm.Fail(PrimErr.BadArgument);
        var size = vm.Stack(0).Bits;
        if (size < 0 || size > 200_000_000) return vm.Fail(size < 0 ? PrimErr.BadArgument : PrimErr.NoMemory);
        var cls = vm.Stack(1).Obj;
        var spec = vm.Mem.FormatOf(cls);
        // A class without indexed slots takes a size of 0 as plain basicNew, as the C VM does
        // (Cuis' DirectoryEntry new and older FileDirectory start-up code rely on it).
        if (!spec.Indexable && size != 0) return vm.Fail(PrimErr.BadReceiver);
        if (spec.Kind == InstanceKind.Method) return false;
        // A big object that does not fit below the heap limit fails as on the C VM, whose image then
        // signals low space itself, rather than ending the whole run at the limit. Small ones always
        // succeed: a runaway loop of them is the heap limit's to stop (the image's low-space handling
        // would spend its time collecting before every one).
        var need = size * BytesPerElement(spec.Kind);
        if (need >= BigRequestBytes && need > vm.BytesLeft && need > vm.BytesLeftAfterCollecting())
        {
            vm.NoteLowSpace();
            return vm.Fail(PrimErr.NoMemory);
        }
        var o = vm.Mem.Instantiate(cls, (int)size);
        return o is null ? vm.Fail(PrimErr.BadReceiver) : vm.Answer(1, o);
    }

    private const long BigRequestBytes = 1 << 20;

    /// <summary>
    /// basicNew without the primitive stack (the primitive, and a direct-call send through
    /// Interpreter.BasicNewDirect): false, having changed nothing, when there is no such instance.
    /// </summary>
    public static bool TryBasicNew(Interpreter vm, Value receiver, out Value answer)
    {
        answer = default;
        if (!receiver.IsObject) return false;
        var spec = vm.Mem.FormatOf(receiver.Obj);
        if (spec.Indexable && spec.Kind != InstanceKind.Pointers) return false;
        if (vm.Mem.Instantiate(receiver.Obj, 0) is not { } o) return false;
        answer = Value.Object(o);
        return true;
    }

    /// <summary>basicNew: as <see cref="TryBasicNew"/>: only sizes too small to meet the heap limit's check (which the primitive makes).</summary>
    public static bool TryBasicNewWithSize(Interpreter vm, Value receiver, Value size, out Value answer)
    {
        answer = default;
        if (!receiver.IsObject || !size.IsSmallInt || size.Bits < 0) return false;
        var spec = vm.Mem.FormatOf(receiver.Obj);
        if (!spec.Indexable || spec.Kind == InstanceKind.Method || size.Bits * BytesPerElement(spec.Kind) >= BigRequestBytes) return false;
        if (vm.Mem.Instantiate(receiver.Obj, (int)size.Bits) is not { } o) return false;
        answer = Value.Object(o);
        return true;
    }

    /// <summary>What one indexable element of an instance costs in this VM's memory.</summary>
    private static long BytesPerElement(InstanceKind kind) => kind switch
    {
        InstanceKind.Words => 4,
        InstanceKind.Longs => 8,
        InstanceKind.Shorts => 2,
        InstanceKind.Bytes => 1,
        _ => 16,
    };

    /// <summary>CompiledMethod class newMethod: numberOfBytes header: headerWord.</summary>
    private static bool NewMethod(Interpreter vm, int n)
    {
        if (n != 2 || !vm.Stack(2).IsObject || !vm.Stack(1).IsSmallInt || !vm.Stack(0).IsSmallInt) return false;
        var bytes = vm.Stack(1).Bits;
        if (bytes < 0 || bytes > 1 << 24) return false;
        var header = vm.Stack(0);
        var numLits = new Image.MethodHeader(header.Bits, vm.Mem.IsSpur).NumLiterals;
        var lits = new Value[numLits];
        Array.Fill(lits, vm.Mem.NilV);
        var m = new CompiledMethodObject(vm.Stack(2).Obj, vm.Mem.NewHash(vm.Stack(2).Obj), vm.Mem.IsSpur ? (byte)24 : (byte)12, header, lits, new byte[bytes]);
        return vm.Answer(2, m);
    }

    public static SqObject ShallowCopy(Interpreter vm, SqObject o)
    {
        var h = vm.Mem.NewHash(o.Class);
        return o switch
        {
            PointersObject p => new PointersObject(p.Class, h, p.Format, (Value[])p.Slots.Clone()),
            BytesObject b => new BytesObject(b.Class, h, b.Format, (byte[])b.Bytes.Clone()),
            WordsObject w => new WordsObject(w.Class, h, w.Format, (uint[])w.Words.Clone()),
            ShortsObject s => new ShortsObject(s.Class, h, s.Format, (ushort[])s.Shorts.Clone()),
            LongsObject l => new LongsObject(l.Class, h, l.Format, (ulong[])l.Longs.Clone()),
            FloatObject f => new FloatObject(f.Class, h, f.Format, f.Value),
            CompiledMethodObject m => new CompiledMethodObject(m.Class, h, m.Format, m.Header, (Value[])m.Literals.Clone(), (byte[])m.Bytes.Clone()),
            _ => o,
        };
    }

    private static bool IdentityHash(Interpreter vm, int n)
    {
        var v = vm.Stack(n);
        if (!v.IsObject) return vm.Fail(PrimErr.BadReceiver);
        var o = v.Obj;
        if (o.Hash == 0 && vm.Mem.IsSpur) o.Hash = vm.Mem.NextHash();
        return vm.Answer(n, (long)o.Hash);
    }

    /// <summary>Character asInteger / SmallFloat64 bits in Spur (immediates have no other slots to read).</summary>
    private static bool ImmediateAsInteger(Interpreter vm, int n)
    {
        var v = vm.Stack(n);
        if (vm.Mem.TryCharValue(v, out var code)) return vm.Answer(n, (long)code);
        return false;
    }

    /// <summary>Character value: anInteger (170): the argument, or the receiver when sent to an integer.</summary>
    private static bool CharacterValue(Interpreter vm, int n)
    {
        var v = vm.Stack(0);
        if (!v.IsSmallInt || v.Bits < 0 || v.Bits > 0x3FFFFFFF) return vm.Fail(PrimErr.BadArgument);
        return vm.Answer(n, vm.Mem.Char((int)v.Bits));
    }

    /// <summary>primitiveChangeClass: the receiver becomes an instance of the argument's class.</summary>
    private static bool ChangeClass(Interpreter vm, int n)
    {
        if (n != 1 || !vm.Stack(1).IsObject || !vm.Stack(0).IsObject) return false;
        var target = vm.Stack(1).Obj;
        var newClass = vm.Stack(0).Obj.Class;
        if (!SameShape(vm, target, newClass)) return vm.Fail(PrimErr.BadArgument);
        target.Class = newClass;
        vm.Mem.NoteClassesChanged();
        vm.FlushMethodCache();
        return vm.Answer(1, target);
    }

    /// <summary>adoptInstance: the argument becomes an instance of the receiver (a class).</summary>
    private static bool AdoptInstance(Interpreter vm, int n)
    {
        if (n != 1 || !vm.Stack(1).IsObject || !vm.Stack(0).IsObject) return false;
        var cls = vm.Stack(1).Obj;
        var target = vm.Stack(0).Obj;
        if (!SameShape(vm, target, cls)) return vm.Fail(PrimErr.BadArgument);
        target.Class = cls;
        vm.Mem.NoteClassesChanged();
        vm.FlushMethodCache();
        return vm.Answer(1, target);
    }

    private static bool SameShape(Interpreter vm, SqObject o, SqObject cls)
    {
        var spec = vm.Mem.FormatOf(cls);
        return o switch
        {
            PointersObject p => spec.Kind is InstanceKind.Pointers or InstanceKind.Weak or InstanceKind.Ephemeron && (spec.Indexable ? p.Slots.Length >= spec.FixedSlots : p.Slots.Length == spec.FixedSlots),
            BytesObject => spec.Kind == InstanceKind.Bytes,
            WordsObject => spec.Kind == InstanceKind.Words,
            ShortsObject => spec.Kind == InstanceKind.Shorts,
            LongsObject => spec.Kind == InstanceKind.Longs,
            _ => false,
        };
    }
}
