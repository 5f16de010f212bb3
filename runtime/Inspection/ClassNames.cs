using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Inspection;

/// <summary>
/// Tells classes, metaclasses and their names apart without assuming one image's class
/// layout: the slots that hold a class's name (the first byte object after superclass,
/// methodDict and format) and a metaclass's sole instance are found by looking at the
/// SmallInteger class, which every image has.
/// </summary>
public sealed class ClassNames
{
    private readonly SqObject? metaclassClass;
    private readonly SqObject? symbolClass;
    private readonly int nameSlot = -1;
    private readonly int thisClassSlot = -1;

    public ClassNames(SqueakImage image)
    {
        var smallInteger = image.Special(SpecialObjectIndex.ClassSmallInteger);
        var dnu = image.Special(SpecialObjectIndex.SelectorDoesNotUnderstand);
        if (!smallInteger.IsObject || smallInteger.Obj is not PointersObject cls) return;
        metaclassClass = cls.Class?.Class;
        symbolClass = dnu.IsObject && dnu.Obj is BytesObject ? dnu.Obj.Class : null;
        for (var i = 3; i < cls.Slots.Length; i++)
            if (cls.Slots[i].IsObject && cls.Slots[i].Obj is BytesObject) { nameSlot = i; break; }
        if (cls.Class is PointersObject meta)
            for (var i = 3; i < meta.Slots.Length; i++)
                if (meta.Slots[i].IsObject && ReferenceEquals(meta.Slots[i].Obj, cls)) { thisClassSlot = i; break; }
    }

    public bool IsSymbol(Value v) => v.IsObject && v.Obj is BytesObject && symbolClass is not null && ReferenceEquals(v.Obj.Class, symbolClass);

    public bool IsMetaclass(SqObject o) => metaclassClass is not null && ReferenceEquals(o.Class, metaclassClass);

    /// <summary>An ordinary class: an instance of a metaclass.</summary>
    public bool IsClass(SqObject o) => metaclassClass is not null && o.Class is { } c && ReferenceEquals(c.Class, metaclassClass);

    public bool IsBehavior(SqObject o) => IsClass(o) || IsMetaclass(o);

    public string NameOf(SqObject cls)
    {
        if (IsMetaclass(cls))
        {
            if (thisClassSlot >= 0 && cls is PointersObject m && thisClassSlot < m.Slots.Length && m.Slots[thisClassSlot].IsObject
                && !IsMetaclass(m.Slots[thisClassSlot].Obj))
                return NameOf(m.Slots[thisClassSlot].Obj) + " class";
            return "a metaclass";
        }
        if (nameSlot >= 0 && cls is PointersObject p && nameSlot < p.Slots.Length && p.Slots[nameSlot].IsObject && p.Slots[nameSlot].Obj is BytesObject b)
            return b.AsString();
        return "an unnamed class";
    }

    public static string SymbolText(Value v) => v.IsObject && v.Obj is BytesObject b ? b.AsString() : "?";
}
