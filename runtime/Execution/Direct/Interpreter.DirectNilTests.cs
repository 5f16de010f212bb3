using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

// Nil-test sites (ifNil: and friends with literal blocks) run inline by direct bodies of Blue Book methods: see NilTestSites.
public sealed partial class Interpreter
{
    /// <summary>What a nil-test site does for a receiver: the image's method is not one of the shapes below; answer the receiver.</summary>
    public const int NilTestSend = -1, NilTestAnswerReceiver = 0;

    /// <summary>Added to a block's number (1 or 2): the block is run with the receiver as its argument.</summary>
    public const int NilTestWithReceiver = 4;

    /// <summary>
    /// Which arm of a nil-test site runs for receiver <paramref name="r"/>, decided by the method the
    /// receiver's class really has for the selector (so an image that redefines ifNil: somewhere
    /// still gets its own method): <c>^ self</c> answers the receiver; <c>^ aBlock value</c> runs
    /// that block (its number, 1 or 2); <c>^ aBlock value: self</c> runs it with the receiver
    /// (plus <see cref="NilTestWithReceiver"/>); anything else is <see cref="NilTestSend"/>, and the
    /// frame flushes so that the interpreter sends it. Kept in the send's site, keyed by class, like a send.
    /// <paramref name="blockArgs"/> holds each block's argument count, 4 bits each, and the number of blocks from bit 8.
    /// </summary>
    public static int NilTestArm(Interpreter vm, MethodInfo mi, int siteIndex, int selectorIndex, int blockArgs, Value r)
    {
        var site = mi.Sites![siteIndex];
        var key = ClassKey(vm, r);
        if (ReferenceEquals(site.Class, key)) return site.QuickIndex;
        var second = site.Second!;
        if (ReferenceEquals(second.Class, key)) return second.QuickIndex;
        var m = selectorIndex < mi.Literals.Length && mi.Literals[selectorIndex].IsObject ? vm.LookupCached(vm.Mem.ClassOf(r), mi.Literals[selectorIndex].Obj) as CompiledMethodObject : null;
        if (m is null) return NilTestSend;
        // A site that meets many classes (a morph's owner, say) misses often: the method's shape is kept with it.
        var info = vm.InfoOf(m);
        if (info.NilTestShapeEpoch != vm.methodCacheEpoch || info.NilTestShapeBlocks != blockArgs)
            (info.NilTestShapeEpoch, info.NilTestShapeBlocks, info.NilTestShapeArm) = (vm.methodCacheEpoch, blockArgs, vm.NilTestShape(info, blockArgs));
        (site.IsEmpty ? site : second).Fill(key, 0, info, SendSite.CallTarget, info.NilTestShapeArm, default);
        return info.NilTestShapeArm;
    }

    /// <summary>Counts method cache flushes: a shape kept with a method is good until the next (a trap or a new BlockContext>>value may change it).</summary>
    private int methodCacheEpoch;

    private int NilTestShape(MethodInfo info, int blockArgs)
    {
        if (info.Trap is not null) return NilTestSend;
        if (info.PrimitiveIndex == 256) return NilTestAnswerReceiver;
        if (info.PrimitiveIndex != 0 || info.NumArgs != blockArgs >> 8) return NilTestSend;
        var code = info.Method.Bytes;
        if (code.Length >= 1 && code[0] == 0x78) return NilTestAnswerReceiver;   // ^ self
        var block = code.Length >= 1 ? code[0] - 0x10 : -1;                      // push the block argument
        if (block < 0 || block >= info.NumArgs) return NilTestSend;
        var nargs = (blockArgs >> (4 * block)) & 0xF;
        var valueSelector = nargs == 0 ? ValueSpecialIndex : ValueColonSpecialIndex;
        var shape = nargs == 0 ? code.Length >= 3 && code[1] == 0xB0 + ValueSpecialIndex && code[2] == 0x7C
            : code.Length >= 4 && code[1] == 0x70 && code[2] == 0xB0 + ValueColonSpecialIndex && code[3] == 0x7C;
        if (!shape || !BlockValueIsPrimitive(valueSelector)) return NilTestSend;
        return block + 1 + (nargs == 0 ? 0 : NilTestWithReceiver);
    }

    private const int ValueSpecialIndex = 25, ValueColonSpecialIndex = 26;

    /// <summary>Whether BlockContext's value (or value:) is the primitive that runs the block.</summary>
    private bool BlockValueIsPrimitive(int specialIndex) =>
        Mem.ClassBlockContext is { } cls && specialIndex < specialSelectors.Length
        && LookupCached(cls, specialSelectors[specialIndex]) is CompiledMethodObject v && InfoOf(v).PrimitiveIndex == 81;

    /// <summary>
    /// A frame is flushing inside the inlined block <paramref name="block"/> (1 or 2) of a nil-test
    /// site: the contexts the interpreter would have are made, the blocks on <paramref name="home"/>
    /// (the method's context). <paramref name="sender"/> (the frame's own context, or the block context
    /// of an enclosing site, already at the pc after the site's send) gets the site's method activation
    /// above it (receiver <paramref name="r"/>, the blocks as arguments, stopped in its value send), and
    /// above that the running block's context at <paramref name="pc"/> with <paramref name="depth"/> stack
    /// slots, which the frame then fills. Answers that block context; the frame hands the whole run of
    /// contexts it made to <see cref="LinkFlushedChain"/> once they are all made.
    /// </summary>
    public PointersObject NilTestFlush(MethodInfo mi, PointersObject sender, PointersObject home, int selectorIndex, Value r, int start1, int start2, int blockArgs, int block, int pc, int depth)
    {
        var m = (CompiledMethodObject)LookupCached(Mem.ClassOf(r), mi.Literals[selectorIndex].Obj)!;
        var info = InfoOf(m);
        var blocks = new PointersObject[blockArgs >> 8];
        for (var k = 0; k < blocks.Length; k++)
            blocks[k] = (PointersObject)BlockCopyDirect(home, mi, (blockArgs >> (4 * k)) & 0xF, k == 0 ? start1 : start2).Obj;
        var running = NewFlushedBlock(blocks[block - 1], mi, pc, depth);
        // Stopped in `^ aBlock value` (3 bytecodes) or `^ aBlock value: self` (4): at its return.
        var returnPc = ((blockArgs >> (4 * (block - 1))) & 0xF) == 0 ? 2 : 3;
        var activation = NewFlushedContext(info, r, returnPc, info.NumTemps, married: null);
        for (var k = 0; k < info.NumTemps; k++) activation.Slots[Layout.CtxTempStart + k] = k < blocks.Length ? blocks[k] : NilV;

        LinkSender(running, activation);
        LinkSender(activation, sender);
        return running;
    }
}
