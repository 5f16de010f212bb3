using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>
/// ReadStream>>next (65), WriteStream>>nextPut: (66) and PositionableStream>>atEnd (67): the fast
/// paths of the streams over Arrays and Strings that text and file code lean on. Each succeeds
/// only where the method's own Smalltalk would do the plain step (not at the end, an Array or a
/// String); anything else (the end, other collections, a Character too wide) fails into that code.
/// </summary>
public static class StreamPrimitives
{
    private const int Collection = 0, Position = 1, ReadLimit = 2, WriteLimit = 3;

    public static void Register(PrimitiveTable t)
    {
        t.Add(65, Next);
        t.Add(66, NextPut);
        t.Add(67, AtEnd);
    }

    private static bool Fields(Interpreter vm, Value receiver, int limitSlot, out PointersObject stream, out long position, out long limit)
    {
        stream = null!;
        position = limit = 0;
        if (receiver.Ref is not PointersObject s || s.Slots.Length <= limitSlot) return false;
        Value p = s.Slots[Position], l = s.Slots[limitSlot];
        if (!p.IsSmallInt || !l.IsSmallInt) return false;
        (stream, position, limit) = (s, p.SmallIntValue, l.SmallIntValue);
        return true;
    }

    /// <summary>Arrays answer their elements, Strings Characters: the at: the method's own code would send.</summary>
    private static bool IsPlainCollection(Interpreter vm, Value c, out bool isString)
    {
        isString = vm.Mem.IsString(c);
        return isString || c.Ref is PointersObject { } a && ReferenceEquals(a.Class, vm.Mem.ClassArray);
    }

    private static bool Next(Interpreter vm, int n)
    {
        if (n != 0 || !Fields(vm, vm.Stack(0), ReadLimit, out var s, out var position, out var limit) || position >= limit || position < 0) return false;
        var collection = s.Slots[Collection];
        if (!IsPlainCollection(vm, collection, out var isString)) return false;
        if (!StoragePrimitives.At(vm, collection, Value.SmallInt(position + 1), isString, out var element)) return false;
        s.Slots[Position] = Value.SmallInt(position + 1);
        return vm.Answer(0, element);
    }

    private static bool NextPut(Interpreter vm, int n)
    {
        if (n != 1 || !Fields(vm, vm.Stack(1), WriteLimit, out var s, out var position, out var limit) || position >= limit || position < 0) return false;
        var collection = s.Slots[Collection];
        var value = vm.Stack(0);
        if (!IsPlainCollection(vm, collection, out var isString)) return false;
        if (!StoragePrimitives.AtPut(vm, collection, Value.SmallInt(position + 1), value, isString)) return false;
        s.Slots[Position] = Value.SmallInt(position + 1);
        return vm.Answer(1, value);
    }

    private static bool AtEnd(Interpreter vm, int n) =>
        n == 0 && Fields(vm, vm.Stack(0), ReadLimit, out _, out var position, out var limit) && vm.Answer(0, position >= limit ? vm.Mem.TrueV : vm.Mem.FalseV);
}
