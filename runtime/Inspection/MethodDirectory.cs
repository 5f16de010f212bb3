using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Inspection;

/// <summary>
/// Every method reachable from a class's or metaclass's method dictionary, with the class
/// and selector it is installed under (the first one found, for a method installed twice).
/// </summary>
public sealed class MethodDirectory
{
    private const int MethodDictSlot = 1;   // Behavior: superclass, methodDict, format
    private const int ValuesSlot = 1;       // MethodDictionary: tally, array, then keys
    private const int FirstKeySlot = 2;

    public readonly Dictionary<CompiledMethodObject, (SqObject Class, string Selector)> Owners = new(ReferenceEqualityComparer.Instance);

    public MethodDirectory(SqueakImage image, ClassNames names)
    {
        foreach (var o in image.Objects)
        {
            if (!names.IsBehavior(o) || o is not PointersObject cls || cls.Slots.Length <= MethodDictSlot) continue;
            var md = cls.Slots[MethodDictSlot];
            if (!md.IsObject || md.Obj is not PointersObject dict || dict.Slots.Length <= ValuesSlot) continue;
            var values = dict.Slots[ValuesSlot];
            if (!values.IsObject || values.Obj is not PointersObject array) continue;
            for (var i = 0; i < array.Slots.Length && FirstKeySlot + i < dict.Slots.Length; i++)
            {
                var v = array.Slots[i];
                if (v.IsObject && v.Obj is CompiledMethodObject m && !Owners.ContainsKey(m))
                    Owners[m] = (cls, ClassNames.SymbolText(dict.Slots[FirstKeySlot + i]));
            }
        }
    }
}
