using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// Primitives that see the whole heap: instance and object enumeration, become:. The .NET
/// heap has no list of objects, so these read a <see cref="Memory.HeapSnapshot"/>: starting an
/// enumeration takes a new one only if an object was made since the last, and continuing one
/// never does (objects made while it runs are not visited).
/// </summary>
public static class HeapPrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.Add(77, SomeInstance);
        t.Add(78, NextInstance);
        t.Add(138, SomeObject);
        t.Add(139, NextObject);
        t.Add(177, AllInstances);
        t.Add(178, AllObjects);
        t.Add(128, Become);
        t.Add(72, BecomeForward);
        t.Add(248, BecomeForward);
        t.Add(249, BecomeForward);
    }

    private static bool SomeInstance(Interpreter vm, int n)
    {
        if (!vm.Stack(n).IsObject) return false;
        return vm.Answer(n, vm.HeapSnapshotFor(vm.Stack(n).Obj).FirstInstanceOf(vm.Stack(n).Obj) ?? vm.Mem.Nil);
    }

    private static bool NextInstance(Interpreter vm, int n)
    {
        if (!vm.Stack(n).IsObject) return vm.Answer(n, vm.Mem.NilV);
        return vm.Answer(n, vm.CurrentHeapSnapshot().NextInstanceAfter(vm.Stack(n).Obj) ?? vm.Mem.Nil);
    }

    private static bool SomeObject(Interpreter vm, int n) => vm.Answer(n, vm.FreshHeapSnapshot().First ?? vm.Mem.Nil);

    /// <summary>nextObject answers 0, not nil, after the last object (nil is an object the walk visits).</summary>
    private static bool NextObject(Interpreter vm, int n)
    {
        if (!vm.Stack(n).IsObject) return vm.Answer(n, Value.SmallInt(0));
        var next = vm.CurrentHeapSnapshot().After(vm.Stack(n).Obj);
        return vm.Answer(n, next is null ? Value.SmallInt(0) : next);
    }

    private static bool AllInstances(Interpreter vm, int n)
    {
        if (!vm.Stack(n).IsObject) return false;
        return vm.Answer(n, vm.Mem.NewArray(vm.HeapSnapshotFor(vm.Stack(n).Obj).InstancesOf(vm.Stack(n).Obj)));
    }

    private static bool AllObjects(Interpreter vm, int n) => vm.Answer(n, vm.Mem.NewArray(vm.FreshHeapSnapshot().AllObjects()));

    private static bool TwoArrays(Interpreter vm, int n, out PointersObject a, out PointersObject b)
    {
        a = b = null!;
        if (n < 1 || vm.Stack(n).Ref is not PointersObject x || vm.Stack(n - 1).Ref is not PointersObject y) return false;
        if (!ReferenceEquals(x.Class, vm.Mem.ClassArray) || !ReferenceEquals(y.Class, vm.Mem.ClassArray) || x.Slots.Length != y.Slots.Length) return false;
        foreach (var v in x.Slots) if (!v.IsObject) return false;
        foreach (var v in y.Slots) if (!v.IsObject) return false;
        a = x; b = y;
        return true;
    }

    /// <summary>Two-way become: objects of the same kind swap their contents in place; others swap every reference to them.</summary>
    private static bool Become(Interpreter vm, int n)
    {
        if (!TwoArrays(vm, n, out var a, out var b)) return vm.Fail(PrimErr.BadArgument);
        var result = vm.Stack(n);
        vm.Answer(n, result);
        var map = new Dictionary<SqObject, SqObject>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < a.Slots.Length; i++)
        {
            var x = a.Slots[i].Obj;
            var y = b.Slots[i].Obj;
            if (ReferenceEquals(x, y)) continue;
            if (!SwapContents(x, y)) { map[x] = y; map[y] = x; }
        }
        return Rebind(vm, map);
    }

    private static bool BecomeForward(Interpreter vm, int n)
    {
        if (!TwoArrays(vm, n, out var a, out var b)) return vm.Fail(PrimErr.BadArgument);
        var copyHash = n < 2 || !ReferenceEquals(vm.Stack(0).Ref, vm.Mem.False);
        var result = vm.Stack(n);
        vm.Answer(n, result);
        var map = new Dictionary<SqObject, SqObject>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < a.Slots.Length; i++)
        {
            var x = a.Slots[i].Obj;
            var y = b.Slots[i].Obj;
            if (ReferenceEquals(x, y)) continue;
            map[x] = y;
            if (copyHash) y.Hash = x.Hash;
        }
        return Rebind(vm, map);
    }

    /// <summary>After a become: every reference in the map is redirected, and caches and registers that may hold old references are refreshed.</summary>
    private static bool Rebind(Interpreter vm, Dictionary<SqObject, SqObject> map)
    {
        if (map.Count > 0) ReplaceReferences(vm, map);
        // Swapped contents swap classes too: per-class lists taken before are wrong now.
        vm.Mem.NoteClassesChanged();
        vm.FlushMethodCache();
        vm.ReloadActiveContext();
        return true;
    }

    private static bool SwapContents(SqObject x, SqObject y)
    {
        if (x.GetType() != y.GetType()) return false;
        (x.Class, y.Class) = (y.Class, x.Class);
        (x.Hash, y.Hash) = (y.Hash, x.Hash);
        (x.Format, y.Format) = (y.Format, x.Format);
        (x.Flags, y.Flags) = (y.Flags, x.Flags);
        switch (x)
        {
            case PointersObject p: { var q = (PointersObject)y; (p.Slots, q.Slots) = (q.Slots, p.Slots); break; }
            case BytesObject p: { var q = (BytesObject)y; (p.Bytes, q.Bytes) = (q.Bytes, p.Bytes); break; }
            case WordsObject p: { var q = (WordsObject)y; (p.Words, q.Words) = (q.Words, p.Words); break; }
            case ShortsObject p: { var q = (ShortsObject)y; (p.Shorts, q.Shorts) = (q.Shorts, p.Shorts); break; }
            case LongsObject p: { var q = (LongsObject)y; (p.Longs, q.Longs) = (q.Longs, p.Longs); break; }
            case FloatObject p: { var q = (FloatObject)y; (p.Value, q.Value) = (q.Value, p.Value); break; }
            case CompiledMethodObject p:
            {
                var q = (CompiledMethodObject)y;
                (p.Header, q.Header) = (q.Header, p.Header);
                (p.Literals, q.Literals) = (q.Literals, p.Literals);
                (p.Bytes, q.Bytes) = (q.Bytes, p.Bytes);
                p.VmInfo = null; q.VmInfo = null;
                break;
            }
            default: return false;
        }
        return true;
    }

    private static void ReplaceReferences(Interpreter vm, Dictionary<SqObject, SqObject> map)
    {
        foreach (var o in vm.FreshHeapSnapshot().Objects)
        {
            if (map.TryGetValue(o.Class, out var c)) o.Class = c;
            var slots = o switch { PointersObject p => p.Slots, CompiledMethodObject m => m.Literals, _ => null };
            if (slots is null) continue;
            for (var i = 0; i < slots.Length; i++)
                if (slots[i].Ref is { } r && map.TryGetValue(r, out var to)) slots[i] = to;
        }
        if (map.TryGetValue(vm.Image.SpecialObjects, out var so) && so is PointersObject sop) vm.Image.SpecialObjects = sop;
    }
}
