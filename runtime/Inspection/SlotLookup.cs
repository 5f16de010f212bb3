using System.Runtime.CompilerServices;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Inspection;

/// <summary>
/// The slots of a fixed set of instance variable names, per class, found once by
/// <see cref="InstanceVariables.IndexOf"/> and kept. A class reshaped since (become: swaps the
/// contents of the class object, so the .NET object stays) has another format word or another
/// names array, and is looked up again.
/// </summary>
public sealed class SlotLookup(params string[] names)
{
    private sealed record Entry(long Format, int NamesSlot, SqObject? Names, int[] Slots);

    private readonly ConditionalWeakTable<SqObject, Entry> entries = new();

    /// <summary>The slot of each name, in the order given; -1 for a name the class does not have.</summary>
    public int[] For(SqObject cls, ObjectMemory mem)
    {
        if (cls is not PointersObject c || c.Slots.Length <= Layout.ClassFormat) return Enumerable.Repeat(-1, names.Length).ToArray();
        var format = c.Slots[Layout.ClassFormat].Bits;
        if (entries.TryGetValue(cls, out var e) && e.Format == format && (e.NamesSlot < 0 || ReferenceEquals(c.Slots[e.NamesSlot].Ref, e.Names)))
            return e.Slots;
        var namesSlot = InstanceVariables.NamesSlotOf(cls, mem);
        var slots = names.Select(n => namesSlot < 0 ? -1 : InstanceVariables.IndexOf(cls, n, mem)).ToArray();
        entries.AddOrUpdate(cls, new Entry(format, namesSlot, namesSlot < 0 ? null : c.Slots[namesSlot].Ref, slots));
        return slots;
    }
}
