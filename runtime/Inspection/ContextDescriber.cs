using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Inspection;

/// <summary>
/// Names context activations as "Class>>selector" or "[] in Class>>selector", reading the
/// heap contexts the way the image laid them out (Blue Book BlockContexts in 6502 images,
/// closure contexts and CompiledBlocks after that).
/// </summary>
public sealed class ContextDescriber(SqueakImage image, ClassNames names, MethodDirectory methods)
{
    private const int SenderSlot = 0, MethodSlot = 3, ClosureSlot = 4, ReceiverSlot = 5;
    private const int BlockHomeSlot = 5;
    private const int SchedulerActiveProcessSlot = 1, AssociationValueSlot = 1, ProcessSuspendedContextSlot = 1;

    public List<string> ActiveContextChain(int max)
    {
        var result = new List<string>();
        var ctx = ActiveContext();
        while (ctx is not null && !ReferenceEquals(ctx, image.Nil) && result.Count < max)
        {
            result.Add(Describe(ctx));
            ctx = Slot(ctx, SenderSlot) as PointersObject;
        }
        return result;
    }

    public PointersObject? ActiveContext()
    {
        var scheduler = Slot(image.Special(SpecialObjectIndex.SchedulerAssociation), AssociationValueSlot);
        var process = Slot(scheduler, SchedulerActiveProcessSlot);
        var ctx = Slot(process, ProcessSuspendedContextSlot) as PointersObject;
        return ReferenceEquals(ctx, image.Nil) ? null : ctx;
    }

    public string Describe(PointersObject ctx)
    {
        var blockContextClass = image.Special(SpecialObjectIndex.ClassBlockContext);
        if (!image.Format.HasClosures && blockContextClass.IsObject && ReferenceEquals(ctx.Class, blockContextClass.Obj))
        {
            return Slot(ctx, BlockHomeSlot) is PointersObject home
                ? "[] in " + MethodName(Slot(home, MethodSlot), Slot(home, ReceiverSlot))
                : "[] in ?";
        }
        var closure = Slot(ctx, ClosureSlot);
        var inBlock = image.Format.HasClosures && closure is not null && !ReferenceEquals(closure, image.Nil);
        return (inBlock ? "[] in " : "") + MethodName(Slot(ctx, MethodSlot), Slot(ctx, ReceiverSlot));
    }

    private string MethodName(SqObject? code, SqObject? receiver)
    {
        var method = HomeMethod(code);
        if (method is null) return "?>>?";
        if (methods.Owners.TryGetValue(method, out var owner)) return $"{names.NameOf(owner.Class)}>>{owner.Selector}";
        return MethodNameFromLiterals(method, receiver);
    }

    /// <summary>A CompiledBlock's last literal is its outer code; follow it to the method.</summary>
    private CompiledMethodObject? HomeMethod(SqObject? code)
    {
        var methodClass = image.Special(SpecialObjectIndex.ClassCompiledMethod);
        for (var depth = 0; depth < 64 && code is CompiledMethodObject m; depth++)
        {
            if (!methodClass.IsObject || ReferenceEquals(m.Class, methodClass.Obj) || m.Literals.Length == 0) return m;
            var outer = m.Literals[^1];
            if (!outer.IsObject || outer.Obj is not CompiledMethodObject) return m;
            code = outer.Obj;
        }
        return code as CompiledMethodObject;
    }

    /// <summary>A method in no dictionary (a DoIt) names its selector and class binding in its last two literals.</summary>
    private string MethodNameFromLiterals(CompiledMethodObject m, SqObject? receiver)
    {
        string? cls = null, selector = null;
        if (m.Literals.Length >= 1 && m.Literals[^1].IsObject)
        {
            var last = m.Literals[^1].Obj;
            if (names.IsBehavior(last)) cls = names.NameOf(last);
            else if (last is PointersObject binding && binding.Slots.Length >= 2 && binding.Slots[1].IsObject && names.IsBehavior(binding.Slots[1].Obj))
                cls = names.NameOf(binding.Slots[1].Obj);
        }
        if (m.Literals.Length >= 2)
        {
            var penultimate = m.Literals[^2];
            if (names.IsSymbol(penultimate)) selector = ClassNames.SymbolText(penultimate);
            else if (penultimate.IsObject && penultimate.Obj is PointersObject state && state.Slots.Length >= 2 && names.IsSymbol(state.Slots[1]))
                selector = ClassNames.SymbolText(state.Slots[1]);
        }
        cls ??= receiver is null ? "?" : names.NameOf(receiver.Class);
        return $"{cls}>>{selector ?? "?"}";
    }

    private static SqObject? Slot(Value v, int index) => v.IsObject ? Slot(v.Obj, index) : null;

    private static SqObject? Slot(SqObject? o, int index) =>
        o is PointersObject p && index < p.Slots.Length && p.Slots[index].IsObject ? p.Slots[index].Obj : null;
}
