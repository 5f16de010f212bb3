using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Primitives;

/// <summary>Indexed and named slot access: at:, at:put:, size, instVarAt:, objectAt:, string and context access.</summary>
public static class StoragePrimitives
{
    public static void Register(PrimitiveTable t)
    {
        t.Add(60, (vm, n) => n == 1 && At(vm, vm.Stack(1), vm.Stack(0), false, out var r) ? vm.Answer(1, r) : vm.Fail(PrimErr.BadIndex));
        t.Add(61, (vm, n) => n == 2 && AtPut(vm, vm.Stack(2), vm.Stack(1), vm.Stack(0), false) ? vm.Answer(2, vm.Stack(0)) : false);
        t.Add(62, (vm, n) => vm.Answer(n, IndexableSize(vm, vm.Stack(n))));
        t.Add(63, (vm, n) => n == 1 && At(vm, vm.Stack(1), vm.Stack(0), true, out var r) ? vm.Answer(1, r) : vm.Fail(PrimErr.BadIndex));
        t.Add(64, (vm, n) => n == 2 && AtPut(vm, vm.Stack(2), vm.Stack(1), vm.Stack(0), true) ? vm.Answer(2, vm.Stack(0)) : false);
        t.Add(68, ObjectAt);
        t.Add(69, ObjectAtPut);
        t.Add(73, InstVarAt);
        t.Add(173, InstVarAt);
        t.Add(74, InstVarAtPut);
        t.Add(174, InstVarAtPut);
        t.Add(210, ContextAt);
        t.Add(211, ContextAtPut);
        t.Add(212, (vm, n) => vm.Stack(n).Ref is PointersObject c ? vm.Answer(n, StackpOf(c)) : false);
        t.Add(76, StoreStackp);
        t.Add(143, ShortAt);
        t.Add(144, ShortAtPut);
        t.Add(145, ConstantFill);
    }

    private static int FixedSlots(Interpreter vm, SqObject o) => o is PointersObject ? vm.Mem.FormatOf(o.Class).FixedSlots : 0;

    public static long IndexableSize(Interpreter vm, Value v)
    {
        if (!v.IsObject) return 0;
        var o = v.Obj;
        return o switch
        {
            PointersObject p => Math.Max(0, p.Slots.Length - FixedSlots(vm, o)),
            CompiledMethodObject m => CompiledMethodBytes.Size(vm, m),
            _ => o.Size,
        };
    }

    /// <summary>Element <paramref name="index"/> (1-based) of an object's indexable part.</summary>
    public static bool At(Interpreter vm, Value rcvr, Value index, bool asCharacter, out Value result)
    {
        result = default;
        if (!rcvr.IsObject || !index.IsSmallInt) return false;
        var i = index.Bits - 1;
        switch (rcvr.Obj)
        {
            case PointersObject p:
            {
                var fixedSlots = FixedSlots(vm, p);
                if (i < 0 || i >= p.Slots.Length - fixedSlots || asCharacter) return false;
                result = p.Slots[fixedSlots + i];
                return true;
            }
            case BytesObject b:
                if ((ulong)i >= (ulong)b.Bytes.Length) return false;
                result = asCharacter ? vm.Mem.Char(b.Bytes[i]) : Value.SmallInt(b.Bytes[i]);
                return true;
            case WordsObject w:
                if ((ulong)i >= (ulong)w.Words.Length) return false;
                result = asCharacter ? vm.Mem.Char((int)w.Words[i]) : vm.Mem.Integer((long)w.Words[i]);
                return true;
            case ShortsObject s:
                if ((ulong)i >= (ulong)s.Shorts.Length || asCharacter) return false;
                result = Value.SmallInt(s.Shorts[i]);
                return true;
            case LongsObject l:
                if ((ulong)i >= (ulong)l.Longs.Length || asCharacter) return false;
                result = vm.Mem.Integer(l.Longs[i]);
                return true;
            case FloatObject f:
                if (i is < 0 or > 1 || asCharacter) return false;
                result = vm.Mem.Integer((long)(i == 0 ? f.HighWord : f.LowWord));
                return true;
            case CompiledMethodObject m:
            {
                // Reads cover the header and literal words too, as in the C VM (Cuis 4.1 hashes methods so).
                var b = asCharacter ? -1 : CompiledMethodBytes.ByteAt(vm, m, i);
                if (b < 0) return false;
                result = Value.SmallInt(b);
                return true;
            }
        }
        return false;
    }

    public static bool AtPut(Interpreter vm, Value rcvr, Value index, Value value, bool fromCharacter)
    {
        if (!rcvr.IsObject || !index.IsSmallInt) return vm.Fail(PrimErr.BadIndex);
        if ((rcvr.Obj.Flags & ObjectFlags.Immutable) != 0) return vm.Fail(PrimErr.NoModification);
        var i = index.Bits - 1;
        long n = 0;
        if (rcvr.Obj is not PointersObject)
        {
            if (fromCharacter || vm.Mem.TryCharValue(value, out _))
            {
                if (!vm.Mem.TryCharValue(value, out var code)) return vm.Fail(PrimErr.BadArgument);
                n = code;
            }
            else if (!vm.Mem.TryInt64(value, out n)) return vm.Fail(PrimErr.BadArgument);
        }
        switch (rcvr.Obj)
        {
            case PointersObject p:
            {
                var fixedSlots = FixedSlots(vm, p);
                if (i < 0 || i >= p.Slots.Length - fixedSlots || fromCharacter) return vm.Fail(PrimErr.BadIndex);
                p.Slots[fixedSlots + i] = value;
                return true;
            }
            case BytesObject b:
                if ((ulong)i >= (ulong)b.Bytes.Length) return vm.Fail(PrimErr.BadIndex);
                if (n is < 0 or > 255) return vm.Fail(PrimErr.BadArgument);
                b.Bytes[i] = (byte)n;
                return true;
            case WordsObject w:
                if ((ulong)i >= (ulong)w.Words.Length) return vm.Fail(PrimErr.BadIndex);
                if (n is < 0 or > uint.MaxValue) return vm.Fail(PrimErr.BadArgument);
                w.Words[i] = (uint)n;
                return true;
            case ShortsObject s:
                if ((ulong)i >= (ulong)s.Shorts.Length) return vm.Fail(PrimErr.BadIndex);
                if (n is < 0 or > ushort.MaxValue) return vm.Fail(PrimErr.BadArgument);
                s.Shorts[i] = (ushort)n;
                return true;
            case LongsObject l:
                if ((ulong)i >= (ulong)l.Longs.Length) return vm.Fail(PrimErr.BadIndex);
                if (!vm.Mem.TryUInt64(value, out var u)) return vm.Fail(PrimErr.BadArgument);
                l.Longs[i] = u;
                return true;
            case FloatObject f:
            {
                if (i is < 0 or > 1) return vm.Fail(PrimErr.BadIndex);
                if (n is < 0 or > uint.MaxValue) return vm.Fail(PrimErr.BadArgument);
                var bits = (ulong)BitConverter.DoubleToInt64Bits(f.Value);
                bits = i == 0 ? (bits & 0xFFFFFFFFUL) | ((ulong)n << 32) : (bits & 0xFFFFFFFF00000000UL) | (ulong)n;
                f.Value = BitConverter.Int64BitsToDouble((long)bits);
                return true;
            }
            case CompiledMethodObject m:
            {
                // Header and literals are not bytes to overwrite (the C VM would let a store corrupt them; SqueakJS fails it too).
                var offset = vm.InfoOf(m).BytecodeOffset;
                if (i < offset || i - offset >= m.Bytes.Length) return vm.Fail(PrimErr.BadIndex);
                if (n is < 0 or > 255) return vm.Fail(PrimErr.BadArgument);
                m.Bytes[i - offset] = (byte)n;
                return true;
            }
        }
        return false;
    }

    private static bool ObjectAt(Interpreter vm, int n)
    {
        if (n != 1 || vm.Stack(1).Ref is not CompiledMethodObject m || !vm.Stack(0).IsSmallInt) return false;
        var i = vm.Stack(0).Bits;
        if (i == 1) return vm.Answer(1, m.Header);
        if (i < 2 || i - 2 >= m.Literals.Length) return vm.Fail(PrimErr.BadIndex);
        return vm.Answer(1, m.Literals[i - 2]);
    }

    private static bool ObjectAtPut(Interpreter vm, int n)
    {
        if (n != 2 || vm.Stack(2).Ref is not CompiledMethodObject m || !vm.Stack(1).IsSmallInt) return false;
        var i = vm.Stack(1).Bits;
        var v = vm.Stack(0);
        if (i == 1)
        {
            if (!v.IsSmallInt) return vm.Fail(PrimErr.BadArgument);
            m.Header = v;
            m.VmInfo = null;
            var lits = vm.InfoOf(m).NumLiterals;
            if (lits != m.Literals.Length)
            {
                var old = m.Literals;
                m.Literals = new Value[lits];
                Array.Fill(m.Literals, vm.Mem.NilV);
                Array.Copy(old, m.Literals, Math.Min(old.Length, lits));
            }
            return vm.Answer(2, v);
        }
        if (i < 2 || i - 2 >= m.Literals.Length) return vm.Fail(PrimErr.BadIndex);
        m.Literals[i - 2] = v;
        if (i == 2) m.VmInfo = null;
        return vm.Answer(2, v);
    }

    private static bool InstVarAt(Interpreter vm, int n)
    {
        var rcvr = vm.Stack(n);
        var index = vm.Stack(0);
        if (!rcvr.IsObject || !index.IsSmallInt) return vm.Fail(PrimErr.BadIndex);
        var i = index.Bits - 1;
        if (rcvr.Obj is PointersObject p)
            return (ulong)i < (ulong)p.Slots.Length ? vm.Answer(n, p.Slots[i]) : vm.Fail(PrimErr.BadIndex);
        return At(vm, rcvr, index, false, out var r) ? vm.Answer(n, r) : vm.Fail(PrimErr.BadIndex);
    }

    private static bool InstVarAtPut(Interpreter vm, int n)
    {
        var rcvr = vm.Stack(n);
        var index = vm.Stack(1);
        var value = vm.Stack(0);
        if (!rcvr.IsObject || !index.IsSmallInt) return vm.Fail(PrimErr.BadIndex);
        if ((rcvr.Obj.Flags & ObjectFlags.Immutable) != 0) return vm.Fail(PrimErr.NoModification);
        var i = index.Bits - 1;
        if (rcvr.Obj is PointersObject p)
        {
            if ((ulong)i >= (ulong)p.Slots.Length) return vm.Fail(PrimErr.BadIndex);
            p.Slots[i] = value;
            return vm.Answer(n, value);
        }
        return AtPut(vm, rcvr, index, value, false) && vm.Answer(n, value);
    }

    private static long StackpOf(PointersObject ctx) => ctx.Slots[Layout.CtxStackp].IsSmallInt ? ctx.Slots[Layout.CtxStackp].Bits : 0;

    private static bool ContextAt(Interpreter vm, int n)
    {
        if (vm.Stack(n).Ref is not PointersObject c || !vm.Stack(0).IsSmallInt) return false;
        var i = vm.Stack(0).Bits;
        if (i < 1 || i > StackpOf(c) || Layout.CtxTempStart + i - 1 >= c.Slots.Length) return vm.Fail(PrimErr.BadIndex);
        return vm.Answer(n, c.Slots[Layout.CtxTempStart + i - 1]);
    }

    private static bool ContextAtPut(Interpreter vm, int n)
    {
        if (vm.Stack(n).Ref is not PointersObject c || !vm.Stack(1).IsSmallInt) return false;
        var i = vm.Stack(1).Bits;
        if (i < 1 || i > StackpOf(c) || Layout.CtxTempStart + i - 1 >= c.Slots.Length) return vm.Fail(PrimErr.BadIndex);
        c.Slots[Layout.CtxTempStart + i - 1] = vm.Stack(0);
        return vm.Answer(n, vm.Stack(0));
    }

    private static bool StoreStackp(Interpreter vm, int n)
    {
        if (vm.Stack(n).Ref is not PointersObject c || !vm.Stack(0).IsSmallInt) return false;
        var newSp = vm.Stack(0).Bits;
        if (newSp < 0 || Layout.CtxTempStart + newSp > c.Slots.Length) return vm.Fail(PrimErr.BadArgument);
        var old = StackpOf(c);
        for (var i = old; i < newSp; i++) c.Slots[Layout.CtxTempStart + i] = vm.Mem.NilV;
        c.Slots[Layout.CtxStackp] = Value.SmallInt(newSp);
        return vm.Answer(n, vm.Stack(n));
    }

    private static bool ShortAt(Interpreter vm, int n)
    {
        if (n != 1 || !vm.Stack(0).IsSmallInt) return false;
        var i = vm.Stack(0).Bits - 1;
        var rcvr = vm.Stack(1).Ref;
        if (rcvr is WordsObject w && (ulong)i < (ulong)w.Words.Length * 2)
            return vm.Answer(1, (long)(short)(w.Words[i / 2] >> (int)(16 * (i % 2))));
        if (rcvr is BytesObject b && (ulong)(2 * i + 1) < (ulong)b.Bytes.Length)
            return vm.Answer(1, (long)BitConverter.ToInt16(b.Bytes, (int)(2 * i)));
        return false;
    }

    private static bool ShortAtPut(Interpreter vm, int n)
    {
        if (n != 2 || !vm.Stack(1).IsSmallInt || !vm.Stack(0).IsSmallInt) return false;
        var i = vm.Stack(1).Bits - 1;
        var v = vm.Stack(0).Bits;
        if (v is < short.MinValue or > short.MaxValue) return false;
        var rcvr = vm.Stack(2).Ref;
        if (rcvr is WordsObject w && (ulong)i < (ulong)w.Words.Length * 2)
        {
            var shift = (int)(16 * (i % 2));
            w.Words[i / 2] = (w.Words[i / 2] & ~(0xFFFFu << shift)) | (((uint)v & 0xFFFF) << shift);
            return vm.Answer(2, v);
        }
        if (rcvr is BytesObject b && (ulong)(2 * i + 1) < (ulong)b.Bytes.Length)
        {
            BitConverter.TryWriteBytes(b.Bytes.AsSpan((int)(2 * i)), (short)v);
            return vm.Answer(2, v);
        }
        return false;
    }

    private static bool ConstantFill(Interpreter vm, int n)
    {
        if (n != 1 || !vm.Mem.TryInt64(vm.Stack(0), out var v)) return false;
        switch (vm.Stack(1).Ref)
        {
            case BytesObject b when v is >= 0 and <= 255: Array.Fill(b.Bytes, (byte)v); break;
            case WordsObject w when v is >= 0 and <= uint.MaxValue: Array.Fill(w.Words, (uint)v); break;
            default: return false;
        }
        return vm.Answer(1, vm.Stack(1));
    }
}
