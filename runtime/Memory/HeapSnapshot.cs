using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Memory;

/// <summary>
/// Every live object at one moment, in image order: what someObject/nextObject,
/// someInstance/nextInstance, allInstances and allObjects read, so that one heap walk serves a
/// whole enumeration (and many enumerations, while no object is made). Positions and the
/// per-class index are built the first time they are asked for.
/// </summary>
public sealed class HeapSnapshot(List<SqObject> objects, long version, long shapeVersion)
{
    public readonly List<SqObject> Objects = objects;

    /// <summary>The heap version (<see cref="Execution.ObjectMemory.HeapVersion"/>) at which the list was complete.</summary>
    public readonly long Version = version;

    /// <summary>The <see cref="Execution.ObjectMemory.ShapeVersion"/> at which every object had the class it is listed under.</summary>
    public readonly long ShapeVersion = shapeVersion;

    private Dictionary<SqObject, int>? positions;
    private Dictionary<SqObject, List<int>>? instances;

    private Dictionary<SqObject, int> Positions => positions ??= BuildPositions();

    private Dictionary<SqObject, List<int>> Instances => instances ??= BuildInstanceIndex();

    private Dictionary<SqObject, int> BuildPositions()
    {
        var d = new Dictionary<SqObject, int>(Objects.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < Objects.Count; i++) d[Objects[i]] = i;
        return d;
    }

    private Dictionary<SqObject, List<int>> BuildInstanceIndex()
    {
        var d = new Dictionary<SqObject, List<int>>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < Objects.Count; i++)
        {
            var cls = Objects[i].Class;
            if (cls is null) continue;
            if (!d.TryGetValue(cls, out var list)) d[cls] = list = new List<int>(4);
            list.Add(i);
        }
        return d;
    }

    public SqObject? First => Objects.Count > 0 ? Objects[0] : null;

    /// <summary>The object after <paramref name="o"/>; null at the end or for an object made after the snapshot.</summary>
    public SqObject? After(SqObject o) =>
        Positions.TryGetValue(o, out var i) && i + 1 < Objects.Count ? Objects[i + 1] : null;

    public SqObject? FirstInstanceOf(SqObject cls) =>
        Instances.TryGetValue(cls, out var list) && list.Count > 0 ? Objects[list[0]] : null;

    /// <summary>The next instance of <paramref name="o"/>'s class after it; null at the end or for an object made after the snapshot.</summary>
    public SqObject? NextInstanceAfter(SqObject o)
    {
        if (o.Class is null || !Positions.TryGetValue(o, out var i) || !Instances.TryGetValue(o.Class, out var list)) return null;
        var k = list.BinarySearch(i);
        // o's class may have changed since the snapshot: then continue after where it would stand.
        var next = k >= 0 ? k + 1 : ~k;
        return next < list.Count ? Objects[list[next]] : null;
    }

    public Value[] InstancesOf(SqObject cls)
    {
        if (!Instances.TryGetValue(cls, out var list)) return [];
        var found = new Value[list.Count];
        for (var k = 0; k < list.Count; k++) found[k] = Objects[list[k]];
        return found;
    }

    public Value[] AllObjects()
    {
        var all = new Value[Objects.Count];
        for (var i = 0; i < all.Length; i++) all[i] = Objects[i];
        return all;
    }
}
