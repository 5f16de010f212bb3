using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Image;

/// <summary>
/// Finds the objects a snapshot must hold: everything reachable from the special objects
/// array (through classes, slots and literals). The heap is .NET-managed, so reachability
/// is the only list of "all objects" a running image has.
/// </summary>
public static class HeapWalker
{
    /// <summary>
    /// Reachable objects, ordered as the image's loaded objects were (so a re-saved image
    /// keeps its layout), with objects created since then after them in discovery order.
    /// </summary>
    public static List<SqObject> ReachableInImageOrder(SqueakImage image, IEnumerable<SqObject>? extraRoots = null)
    {
        var emitted = new Dictionary<SqObject, bool>(image.Objects.Count, ReferenceEqualityComparer.Instance);
        var found = new List<SqObject>(image.Objects.Count);
        var stack = new Stack<SqObject>();
        Visit(image.SpecialObjects);
        if (extraRoots is not null) foreach (var r in extraRoots) Visit(r);
        while (stack.Count > 0)
        {
            var o = stack.Pop();
            Visit(o.Class);
            switch (o)
            {
                case PointersObject p:
                    foreach (var v in p.Slots) if (v.IsObject) Visit(v.Obj);
                    break;
                case CompiledMethodObject m:
                    foreach (var v in m.Literals) if (v.IsObject) Visit(v.Obj);
                    break;
            }
        }

        var ordered = new List<SqObject>(found.Count);
        foreach (var first in new[] { image.Nil, image.False, image.True }) Emit(first);
        foreach (var o in image.Objects) Emit(o);
        foreach (var o in found) Emit(o);
        return ordered;

        void Visit(SqObject o)
        {
            if (emitted.TryAdd(o, false)) { found.Add(o); stack.Push(o); }
        }

        void Emit(SqObject o)
        {
            if (emitted.TryGetValue(o, out var done) && !done) { emitted[o] = true; ordered.Add(o); }
        }
    }
}
