using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Inspection;

/// <summary>
/// Finds a named instance variable's slot by asking the classes themselves, for primitives whose
/// receiver's layout changed between images (a CharacterScanner that is a BitBlt in Squeak 2
/// keeps its own fields after BitBlt's, and BitBlt grew fields in some images). Each class keeps
/// the names its definition adds (ClassDescription's instanceVariables: an Array of Strings or
/// Symbols, nil when it adds none) after superclass, methodDict and format: in the fourth slot
/// from Squeak 3 on and in Cuis, in the fifth in Squeak 1.x/2.x, whose Behavior also holds
/// its subclasses. The slot is taken to be the first of those whose names add up, over the
/// superclass chain, to the fixed slot count in the class's format.
/// </summary>
public static class InstanceVariables
{
    /// <summary>The slots where images keep instanceVariables, in the order tried.</summary>
    private static readonly int[] NamesSlots = [3, 4];

    /// <summary>The slot holding the names a class adds, or -1 when neither candidate adds up.</summary>
    public static int NamesSlotOf(SqObject cls, ObjectMemory mem)
    {
        foreach (var slot in NamesSlots)
            if (Names(cls, slot, mem) is { } names && names.Count == mem.FormatOf(cls).FixedSlots) return slot;
        return -1;
    }

    /// <summary>The 0-based slot of <paramref name="name"/> in instances of <paramref name="cls"/>, or -1 when there is none or the classes do not look as expected.</summary>
    public static int IndexOf(SqObject cls, string name, ObjectMemory mem)
    {
        var slot = NamesSlotOf(cls, mem);
        return slot < 0 ? -1 : Names(cls, slot, mem)!.LastIndexOf(name);
    }

    /// <summary>Every instance variable name from the root class down, reading each class's names at <paramref name="slot"/>; null when a class has something else there.</summary>
    private static List<string>? Names(SqObject cls, int slot, ObjectMemory mem)
    {
        var chain = new List<PointersObject>();
        for (var c = cls as PointersObject; c is not null && !ReferenceEquals(c, mem.Nil); c = c.Slots[Layout.ClassSuperclass].Ref as PointersObject)
        {
            if (chain.Count == 1000 || c.Slots.Length <= slot) return null;
            chain.Add(c);
        }
        var names = new List<string>();
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var own = chain[i].Slots[slot];
            if (ReferenceEquals(own.Ref, mem.Nil)) continue;
            if (own.Ref is not PointersObject array) return null;
            foreach (var n in array.Slots)
            {
                if (n.Ref is not BytesObject text) return null;
                names.Add(text.AsString());
            }
        }
        return names;
    }
}
