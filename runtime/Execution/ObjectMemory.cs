using System.Runtime.CompilerServices;
using System.Numerics;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// The running image's heap as the VM sees it: the well-known objects and classes, object
/// creation in the image's own encodings, and conversions between Smalltalk numbers and
/// .NET numbers. The .NET GC owns memory; this type only knows how to make objects.
/// </summary>
public sealed class ObjectMemory
{
    public readonly SqueakImage Image;
    public readonly bool IsSpur;
    public readonly int WordSize;
    public readonly long MinSmallInt, MaxSmallInt;

    public readonly SqObject Nil, True, False;
    public readonly Value NilV, TrueV, FalseV;
    public readonly SqObject ClassSmallInteger, ClassCharacter, ClassFloat, ClassLargePositiveInteger, ClassLargeNegativeInteger;
    public readonly SqObject? ClassSmallFloat;
    public readonly SqObject ClassArray, ClassString, ClassByteArray, ClassSymbol, ClassPoint, ClassMessage;
    public readonly SqObject ClassMethodContext, ClassSemaphore, ClassProcess, ClassCompiledMethod;
    public readonly SqObject? ClassBlockContext, ClassBlockClosure, ClassFullBlockClosure, ClassBitmap;
    private readonly Value[] characterTable;
    private uint hashSeed = 0x2545F491;

    /// <summary>
    /// Changes whenever an object is made or an object's class changes, so a list of all objects
    /// taken at one version is still complete at the same one.
    /// </summary>
    public long HeapVersion;

    /// <summary>Changes whenever objects change class (become:, changeClass:): lists of instances taken before are wrong.</summary>
    public long ShapeVersion;

    /// <summary>Objects made since the image was loaded.</summary>
    public long Allocations;

    public void NoteClassesChanged()
    {
        HeapVersion++;
        ShapeVersion++;
    }

    public ObjectMemory(SqueakImage image)
    {
        Image = image;
        IsSpur = image.IsSpur;
        WordSize = image.WordSize;
        var smallIntBits = image.WordSize == 8 ? 61 : 31;
        MaxSmallInt = (1L << (smallIntBits - 1)) - 1;
        MinSmallInt = -(1L << (smallIntBits - 1));

        Nil = image.Nil; True = image.True; False = image.False;
        NilV = Nil; TrueV = True; FalseV = False;
        ClassSmallInteger = SpecialClass(SpecialObjectIndex.ClassSmallInteger)!;
        ClassCharacter = SpecialClass(SpecialObjectIndex.ClassCharacter)!;
        ClassFloat = SpecialClass(SpecialObjectIndex.ClassFloat)!;
        ClassLargePositiveInteger = SpecialClass(SpecialObjectIndex.ClassLargePositiveInteger)!;
        ClassArray = SpecialClass(SpecialObjectIndex.ClassArray)!;
        // Images older than Squeak 3 have no special object for LargeNegativeInteger: find the global.
        ClassLargeNegativeInteger = SpecialClass(SpecialObjectIndex.ClassLargeNegativeInteger)
            ?? Global("LargeNegativeInteger") ?? ClassLargePositiveInteger;
        ClassString = SpecialClass(SpecialObjectIndex.ClassString)!;
        ClassByteArray = SpecialClass(SpecialObjectIndex.ClassByteArray)!;
        ClassPoint = SpecialClass(SpecialObjectIndex.ClassPoint)!;
        ClassMessage = SpecialClass(SpecialObjectIndex.ClassMessage)!;
        ClassMethodContext = SpecialClass(SpecialObjectIndex.ClassMethodContext)!;
        ClassSemaphore = SpecialClass(SpecialObjectIndex.ClassSemaphore)!;
        ClassProcess = SpecialClass(SpecialObjectIndex.ClassProcess)!;
        ClassCompiledMethod = SpecialClass(SpecialObjectIndex.ClassCompiledMethod)!;
        ClassBitmap = SpecialClass(SpecialObjectIndex.ClassBitmap);
        ClassBlockContext = SpecialClass(SpecialObjectIndex.ClassBlockContext);
        ClassBlockClosure = SpecialClass(36);
        ClassFullBlockClosure = SpecialClass(37);
        var dnu = image.Special(SpecialObjectIndex.SelectorDoesNotUnderstand);
        ClassSymbol = dnu.IsObject ? dnu.Obj.Class : ClassString;
        if (IsSpur && image.ClassTable.TryGetValue(4, out var sf) && WordSize == 8) ClassSmallFloat = sf;

        characterTable = new Value[256];
        var table = image.Special(SpecialObjectIndex.CharacterTable);
        if (!IsSpur && table.IsObject && table.Obj is PointersObject t)
            for (var i = 0; i < 256 && i < t.Slots.Length; i++) characterTable[i] = t.Slots[i];
        else
            for (var i = 0; i < 256; i++) characterTable[i] = Value.Char((uint)i);
    }

    private SqObject? SpecialClass(int index)
    {
        var v = Image.Special(index);
        return v.IsObject && !ReferenceEquals(v.Obj, Image.Nil) ? v.Obj : null;
    }

    /// <summary>The value of a global variable (an association in the Smalltalk dictionary), e.g. a class by its name.</summary>
    public SqObject? Global(string name)
    {
        if (Image.Special(SpecialObjectIndex.SmalltalkDictionary).Ref is not PointersObject dict) return null;
        foreach (var slot in dict.Slots)
            if (slot.Ref is PointersObject array && ReferenceEquals(array.Class, ClassArray))
                foreach (var v in array.Slots)
                    if (v.Ref is PointersObject a && a.Slots.Length >= 2 && StringOf(a.Slots[0]) == name && a.Slots[1].IsObject)
                        return a.Slots[1].Obj;
        return null;
    }

    public PointersObject SpecialObjects => Image.SpecialObjects;
    public Value Special(int index) => Image.Special(index);

    public Value Bool(bool b) => b ? TrueV : FalseV;

    public SqObject ClassOf(Value v) =>
        v.Ref is null ? ClassSmallInteger :
        v.IsChar ? ClassCharacter :
        v.IsSmallFloat ? ClassSmallFloat! :
        v.Ref.Class;

    /// <summary>
    /// The identity hash of a new instance of <paramref name="cls"/>: every object the VM makes
    /// comes through here, so this is where the heap version moves and the class notes that it
    /// has instances no list of all objects has seen yet.
    /// </summary>
    public int NewHash(SqObject cls)
    {
        HeapVersion++;
        Allocations++;
        cls.Flags |= ObjectFlags.InstancesMade;
        return NextHash();
    }

    /// <summary>A hash for an existing object that has none yet (Spur assigns them lazily).</summary>
    public int NextHash()
    {
        hashSeed ^= hashSeed << 13; hashSeed ^= hashSeed >> 17; hashSeed ^= hashSeed << 5;
        var h = (int)(hashSeed & (IsSpur ? 0x3FFFFF : 0xFFF));
        return h == 0 && IsSpur ? 1 : h;
    }

    // ---- characters

    public Value Char(int code) => IsSpur ? Value.Char((uint)code) : code is >= 0 and < 256 ? characterTable[code] : NewV3Character(code);

    private Value NewV3Character(int code) => new PointersObject(ClassCharacter, NewHash(ClassCharacter), 1, [Value.SmallInt(code)]);

    public bool TryCharValue(Value v, out int code)
    {
        if (v.IsChar) { code = (int)v.CharValue; return true; }
        if (v.IsObject && ReferenceEquals(v.Obj.Class, ClassCharacter) && v.Obj is PointersObject p && p.Slots.Length > 0 && p.Slots[0].IsSmallInt)
        { code = (int)p.Slots[0].Bits; return true; }
        code = 0; return false;
    }

    // ---- instantiation

    private SqObject? lastFormatClass;
    private long lastFormatWord;
    private ClassFormat lastFormat;

    public ClassFormat FormatOf(SqObject cls)
    {
        var f = cls is PointersObject p && p.Slots.Length > Layout.ClassFormat ? p.Slots[Layout.ClassFormat] : default;
        var word = f.IsSmallInt ? f.Bits : 0;
        // at: and basicNew: ask about the same class over and over: keep the last answer.
        if (ReferenceEquals(cls, lastFormatClass) && word == lastFormatWord) return lastFormat;
        lastFormat = ClassFormat.Decode(word, IsSpur);
        lastFormatClass = cls;
        lastFormatWord = word;
        return lastFormat;
    }

    /// <summary>Bytes of large objects made since the last heap check.</summary>
    private long largeBytes;
    private const long LargeBytesPerHeapCheck = 64L << 20;
    // Objects from 1K slots up are counted: a loop of a few sends that makes 4000-slot arrays
    // (32 KB each) reaches gigabytes between the ordinary heap checks of compiled code.
    private const int LargeObjectSlots = 1024;

    /// <summary>
    /// Called when many bytes went into large objects since the last check: the interpreter then
    /// checks its heap limit at once, since a loop of few sends can allocate gigabytes between
    /// its ordinary checks.
    /// </summary>
    public Action? HeapPressure;

    public void HeapChecked() => largeBytes = 0;

    /// <summary>Nils to copy from: at most this many slots at a time.</summary>
    private Value[]? nilTemplate;
    private const int NilTemplateSlots = 1024;

    /// <summary>
    /// Sets a[from..] to nil by bulk copies from a row of nils. Storing nil slot by slot paid a GC
    /// write barrier per slot (Array.Fill of a Value, which holds a reference); a bulk copy marks
    /// cards once. Allocation-heavy code (Scratch's BitBlt set-up, AWFY) makes many new objects.
    /// </summary>
    public void FillNil(Value[] a, int from)
    {
        var rest = a.AsSpan(Math.Min(from, a.Length));
        if (rest.IsEmpty) return;
        if (nilTemplate is null)
        {
            nilTemplate = new Value[NilTemplateSlots];
            Array.Fill(nilTemplate, NilV);
        }
        while (rest.Length > NilTemplateSlots)
        {
            nilTemplate.CopyTo(rest);
            rest = rest[NilTemplateSlots..];
        }
        nilTemplate.AsSpan(0, rest.Length).CopyTo(rest);
    }

    /// <summary>A new instance with its named slots plus <paramref name="indexable"/> elements, as basicNew: makes it; null if the class cannot have one.</summary>
    public SqObject? Instantiate(SqObject cls, int indexable)
    {
        var spec = FormatOf(cls);
        if (indexable < 0 || (!spec.Indexable && indexable > 0)) return null;
        if (indexable >= LargeObjectSlots && (largeBytes += (long)indexable * 8) > LargeBytesPerHeapCheck)
        {
            largeBytes = 0;
            HeapPressure?.Invoke();
        }
        var fmt = spec.ObjectFormat(IsSpur);
        switch (spec.Kind)
        {
            case InstanceKind.Pointers:
            case InstanceKind.Weak:
            case InstanceKind.Ephemeron:
                var slots = new Value[spec.FixedSlots + indexable];
                FillNil(slots, 0);
                return new PointersObject(cls, NewHash(cls), fmt, slots);
            case InstanceKind.Words:
                if (ReferenceEquals(cls, ClassFloat) && indexable == 2) return new FloatObject(cls, NewHash(cls), fmt, 0.0);
                return new WordsObject(cls, NewHash(cls), fmt, new uint[indexable]);
            case InstanceKind.Longs: return new LongsObject(cls, NewHash(cls), fmt, new ulong[indexable]);
            case InstanceKind.Shorts: return new ShortsObject(cls, NewHash(cls), fmt, new ushort[indexable]);
            case InstanceKind.Bytes: return new BytesObject(cls, NewHash(cls), fmt, new byte[indexable]);
            default: return null;
        }
    }

    public PointersObject NewArray(int size)
    {
        var slots = new Value[size];
        FillNil(slots, 0);
        return new PointersObject(ClassArray, NewHash(ClassArray), 2, slots);
    }

    public PointersObject NewArray(ReadOnlySpan<Value> elements) => new(ClassArray, NewHash(ClassArray), 2, elements.ToArray());

    public BytesObject NewString(string s) => new(ClassString, NewHash(ClassString), IsSpur ? (byte)16 : (byte)8, System.Text.Encoding.Latin1.GetBytes(s));

    public BytesObject NewBytes(SqObject cls, byte[] bytes) => new(cls, NewHash(cls), IsSpur ? (byte)16 : (byte)8, bytes);

    public PointersObject NewPoint(Value x, Value y) => new(ClassPoint, NewHash(ClassPoint), 1, [x, y]);

    public bool IsString(Value v) => v.IsObject && v.Obj is BytesObject && (ReferenceEquals(v.Obj.Class, ClassString) || ReferenceEquals(v.Obj.Class, ClassSymbol));

    public static string? StringOf(Value v) => v.IsObject && v.Obj is BytesObject b ? b.AsString() : null;

    // ---- integers

    public bool IsSmallIntRange(long v) => v >= MinSmallInt && v <= MaxSmallInt;

    /// <summary>An Integer: a SmallInteger when it fits, else a LargePositive/NegativeInteger.</summary>
    public Value Integer(long v) => v >= MinSmallInt && v <= MaxSmallInt ? Value.SmallInt(v) : LargeInteger(v);

    public Value Integer(ulong v) => v <= (ulong)MaxSmallInt ? Value.SmallInt((long)v) : LargeInteger(new BigInteger(v));

    public Value Integer(BigInteger v) =>
        v >= MinSmallInt && v <= MaxSmallInt ? Value.SmallInt((long)v) : LargeInteger(v);

    private Value LargeInteger(BigInteger v)
    {
        var negative = v.Sign < 0;
        var magnitude = BigInteger.Abs(v).ToByteArray(isUnsigned: true, isBigEndian: false);
        var cls = negative ? ClassLargeNegativeInteger : ClassLargePositiveInteger;
        return NewBytes(cls, magnitude);
    }

    public bool IsLargeInteger(Value v) =>
        v.IsObject && v.Obj is BytesObject && (ReferenceEquals(v.Obj.Class, ClassLargePositiveInteger) || ReferenceEquals(v.Obj.Class, ClassLargeNegativeInteger));

    /// <summary>Any Integer (small or large) as a BigInteger.</summary>
    public bool TryBigInteger(Value v, out BigInteger result)
    {
        if (v.IsSmallInt) { result = v.Bits; return true; }
        if (IsLargeInteger(v))
        {
            var b = (BytesObject)v.Obj;
            result = new BigInteger(b.Bytes, isUnsigned: true, isBigEndian: false);
            if (ReferenceEquals(b.Class, ClassLargeNegativeInteger)) result = -result;
            return true;
        }
        result = default; return false;
    }

    /// <summary>An Integer that fits in 64 signed bits.</summary>
    public bool TryInt64(Value v, out long result)
    {
        if (v.IsSmallInt) { result = v.Bits; return true; }
        if (TryBigInteger(v, out var big) && big >= long.MinValue && big <= long.MaxValue) { result = (long)big; return true; }
        result = 0; return false;
    }

    /// <summary>A non-negative Integer that fits in 64 unsigned bits (used by the 32/64-bit word primitives).</summary>
    public bool TryUInt64(Value v, out ulong result)
    {
        if (v.IsSmallInt && v.Bits >= 0) { result = (ulong)v.Bits; return true; }
        if (TryBigInteger(v, out var big) && big.Sign >= 0 && big <= ulong.MaxValue) { result = (ulong)big; return true; }
        result = 0; return false;
    }

    // ---- floats

    /// <summary>
    /// A Float for a result of arithmetic. Float loops (Mandelbrot) make one per operation, so this
    /// is little more than the allocation: Spur assigns the identity hash when it is first asked for
    /// (0 = none yet), and a V3 hash needs only to be spread, which the allocation count already is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Value Float(double d)
    {
        if (ClassSmallFloat is not null && SmallFloat64.CanEncode(d)) return Value.SmallFloat(d);
        var version = ++HeapVersion;
        Allocations++;
        ClassFloat.Flags |= ObjectFlags.InstancesMade;
        return new FloatObject(ClassFloat, IsSpur ? 0 : (int)version & 0xFFF, IsSpur ? (byte)10 : (byte)6, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFloat(Value v, out double d)
    {
        if (v.Ref is FloatObject f) { d = f.Value; return true; }
        if (v.IsSmallFloat) { d = v.SmallFloatValue; return true; }
        d = 0; return false;
    }

    /// <summary>A Float or any Integer, as a double (for mixed arithmetic primitives).</summary>
    public bool TryNumberAsDouble(Value v, out double d)
    {
        if (v.IsSmallInt) { d = v.Bits; return true; }
        return TryFloat(v, out d);
    }

}
