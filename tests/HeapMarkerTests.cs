using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.Memory;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

/// <summary>The mark phase on hand-made objects (a fresh image each, since marking writes flags into objects).</summary>
public class HeapMarkerTests
{
    private static (ObjectMemory mem, PointersObject weak, PointersObject ctx, SqObject onStack, SqObject stale) Setup()
    {
        var mem = new ObjectMemory(ImageReader.Load(TestImages.PathOf("cuis4.1-reduced.image")));
        var weakClass = mem.Global("WeakArray")!;
        var onStack = mem.NewString("on the stack");
        var stale = mem.NewString("above the stack pointer");
        var weak = (PointersObject)mem.Instantiate(weakClass, 2)!;
        weak.Slots[0] = onStack;
        weak.Slots[1] = stale;
        var slots = new Value[Layout.CtxTempStart + 4];
        Array.Fill(slots, mem.NilV);
        slots[Layout.CtxStackp] = Value.SmallInt(2);
        slots[Layout.CtxTempStart] = weak;
        slots[Layout.CtxTempStart + 1] = onStack;
        slots[Layout.CtxTempStart + 2] = stale;
        var ctx = new PointersObject(mem.ClassMethodContext, mem.NewHash(mem.ClassMethodContext), 3, slots);
        return (mem, weak, ctx, onStack, stale);
    }

    [Fact]
    public void A_collection_clears_weak_slots_whose_referent_is_only_above_a_stack_pointer()
    {
        var (mem, weak, ctx, onStack, _) = Setup();
        var marker = new HeapMarker(mem, traceWeakSlots: false);
        marker.Mark([mem.SpecialObjects, ctx]);
        Assert.Equal(1, marker.ClearUnmarkedWeakReferents());
        var live = marker.Finish(rememberOrder: false);
        Assert.Same(onStack, weak.Slots[0].Obj);
        Assert.Same(mem.Nil, weak.Slots[1].Obj);
        Assert.Contains(ctx, live);
        Assert.DoesNotContain(live, o => HeapMarker.IsMarked(o));
    }

    [Fact]
    public void An_enumeration_walk_traces_weak_slots_and_keeps_the_image_order()
    {
        var (mem, weak, ctx, _, stale) = Setup();
        var marker = new HeapMarker(mem, traceWeakSlots: true);
        marker.Mark([mem.SpecialObjects, ctx]);
        Assert.Empty(marker.WeakObjects);
        var live = marker.Finish(rememberOrder: false);
        Assert.Contains(stale, live);
        Assert.Same(mem.Nil, live[0]);
        // Loaded objects come first, in the order the image had them.
        var loaded = mem.Image.Objects.Where(o => live.Contains(o)).Take(50).ToList();
        Assert.Equal(loaded, live.Take(50));
    }

    [Fact]
    public void A_snapshot_indexes_instances_by_class_and_steps_through_them()
    {
        var mem = new ObjectMemory(ImageReader.Load(TestImages.PathOf("cuis4.1-reduced.image")));
        var marker = new HeapMarker(mem, traceWeakSlots: true);
        marker.Mark([mem.SpecialObjects]);
        var snapshot = new HeapSnapshot(marker.Finish(rememberOrder: false), mem.HeapVersion, mem.ShapeVersion);
        var symbols = snapshot.InstancesOf(mem.ClassSymbol);
        Assert.Equal(snapshot.Objects.Count(o => ReferenceEquals(o.Class, mem.ClassSymbol)), symbols.Length);
        var walked = new List<SqObject>();
        for (var o = snapshot.FirstInstanceOf(mem.ClassSymbol); o is not null; o = snapshot.NextInstanceAfter(o)) walked.Add(o);
        Assert.Equal(symbols.Select(v => v.Obj), walked);
        Assert.Null(snapshot.After(mem.NewString("made afterwards")));
    }
}
