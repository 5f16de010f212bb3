using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Hosting;

/// <summary>Reads the image's global namespace (the Smalltalk SystemDictionary) and finds methods by name.</summary>
public sealed class Globals(Interpreter vm)
{
    /// <summary>The value of a global variable, e.g. a class by its name.</summary>
    public SqObject? Lookup(string name) => vm.Mem.Global(name);

    /// <summary>Every global whose value is a class (an object whose class's class is Metaclass).</summary>
    public IEnumerable<SqObject> Classes()
    {
        if (vm.Mem.Special(SpecialObjectIndex.SmalltalkDictionary).Ref is not PointersObject dict) yield break;
        var metaclass = vm.Mem.ClassSmallInteger.Class.Class;
        foreach (var assoc in Associations(dict))
            if (assoc.Slots[Layout.AssocValue].Ref is PointersObject c && ReferenceEquals(c.Class?.Class, metaclass))
                yield return c;
    }

    private IEnumerable<PointersObject> Associations(PointersObject dict)
    {
        // Dictionary: tally, array of associations (SystemDictionary may add more named slots).
        for (var i = 1; i < dict.Slots.Length; i++)
            if (dict.Slots[i].Ref is PointersObject array && ReferenceEquals(array.Class, vm.Mem.ClassArray))
            {
                foreach (var v in array.Slots)
                    if (v.Ref is PointersObject a && a.Slots.Length >= 2 && vm.Mem.IsString(a.Slots[Layout.AssocKey]))
                        yield return a;
                yield break;
            }
    }

    private Dictionary<string, SqObject>? symbols;

    /// <summary>A symbol of the image with this text, if one exists (all symbols are indexed in one walk of the heap).</summary>
    public SqObject? Symbol(string text)
    {
        if (symbols is null)
        {
            symbols = new Dictionary<string, SqObject>();
            foreach (var o in HeapWalker.ReachableInImageOrder(vm.Image))
                if (o is BytesObject b && ReferenceEquals(o.Class, vm.Mem.ClassSymbol))
                    symbols.TryAdd(b.AsString(), o);
        }
        return symbols.GetValueOrDefault(text);
    }

    /// <summary>The method a class defines itself (not inherited) for a selector.</summary>
    public CompiledMethodObject? OwnMethod(SqObject cls, string selector)
    {
        if (cls is not PointersObject c || c.Slots[Layout.ClassMethodDict].Ref is not PointersObject dict
            || dict.Slots[Layout.MethodDictValues].Ref is not PointersObject values) return null;
        for (var i = Layout.MethodDictFirstKey; i < dict.Slots.Length; i++)
            if (ObjectMemory.StringOf(dict.Slots[i]) == selector && i - Layout.MethodDictFirstKey < values.Slots.Length)
                return values.Slots[i - Layout.MethodDictFirstKey].Ref as CompiledMethodObject;
        return null;
    }
}
