using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// What the interpreter needs to know about a CompiledMethod on every activation, decoded
/// once from its header and kept with it.
/// </summary>
public sealed class MethodInfo
{
    public readonly int NumArgs, NumTemps, FrameSize, NumLiterals;
    /// <summary>Bytes before the first bytecode when Smalltalk counts pcs (header and literals).</summary>
    public readonly int BytecodeOffset;
    public readonly int PrimitiveIndex;
    public readonly bool UsesSista;
    /// <summary>Resolved primitive (numbered or named), or null.</summary>
    public Primitive? Primitive;
    /// <summary>Named primitive not found, or numbered index with no entry: reported once with --trace-missing.</summary>
    public string? MissingPrimitive;
    /// <summary>Ahead-of-time compiled code for this body, if the loaded assembly has one.</summary>
    public CompiledBody? Body;
    /// <summary>Set on methods whose activation ends a host call (the route of an unhandled error to a debugger).</summary>
    public string? Trap;
    /// <summary>
    /// When 0 or more: the trap stands aside while the active process's slot of this index is not
    /// nil. Squeak 1.x/2.x and Scratch send error: to the process's errorHandler (what ifError:
    /// installs) before any debugger, so error: is an unhandled error's route only without one.
    /// </summary>
    public int TrapUnlessProcessSlot = -1;
    /// <summary>The method's literals, which its direct-call body reads (shared bodies serve methods with different literals).</summary>
    public readonly Value[] Literals;
    public readonly CompiledMethodObject Method;
    /// <summary>
    /// Entry of the method's direct-call body (0 = none): native code that runs an activation
    /// on the .NET stack without a context. See <see cref="Interpreter.CallDirect"/>.
    /// </summary>
    public nint DirectEntry;
    /// <summary>
    /// Entry of a SistaV1 CompiledBlock's direct-call body (0 = none), called with the
    /// FullBlockClosure as its context argument; kept apart from <see cref="DirectEntry"/>, which
    /// sends and resumes call with a method context or none.
    /// </summary>
    public nint FullBlockEntry;
    /// <summary>By pc of a Blue Book block's first instruction: the entry of that block's direct-call body (0 = none).</summary>
    public nint[]? BlockEntries;
    /// <summary>
    /// Compiled code is loaded but this method's bodies are not attached yet: code that runs once
    /// (most of a start-up) costs less interpreted than compiled by the JIT on its first call. See
    /// <see cref="Interpreter.AttachAfterCalls"/>.
    /// </summary>
    public bool AwaitingBody;
    /// <summary>Sends from the interpreter to this method while it awaited its body.</summary>
    public int InterpretedCalls;
    /// <summary>
    /// The direct body runs all its blocks inline as nil tests (<see cref="Bytecodes.NilTestSites"/>),
    /// its temporaries in locals: a context the interpreter made blocks on does not go on in it.
    /// </summary>
    public bool InlinesNilTests;
    /// <summary>
    /// The selector send sites found this method under (SendSite.Fill notes it), so that flushing the
    /// method looks only at that selector's sites; <see cref="SiteSelectorsVary"/> when there were several.
    /// </summary>
    public SqObject? SiteSelector;
    public bool SiteSelectorsVary;
    /// <summary>This method as a nil test's target: what <see cref="Interpreter.NilTestArm"/> found for these blocks, until the method cache flushes.</summary>
    public int NilTestShapeEpoch = -1, NilTestShapeBlocks, NilTestShapeArm;
    /// <summary>By pc: where a context of this method can go on in its direct-call body.</summary>
    public bool[]? DirectResumePoints;
    /// <summary>One inline cache per send instruction of the method, in instruction order (with a direct-call body).</summary>
    public SendSite[]? Sites;
    /// <summary>The primitive needs no context, so a direct-call frame may run it (see <see cref="DirectSafePrimitives"/>).</summary>
    public bool PrimitiveRunsDirect;
    /// <summary>The method takes its primitive's failure code into a temporary (callPrimitive followed by a store).</summary>
    public readonly bool StoresErrorCode;
    /// <summary>What a send site can do with this method without calling it (see <see cref="QuickSends"/>; -1: not worked out yet), and the instance variable a setter stores into.</summary>
    public int SetterKind = -1, SetterIndex;

    public MethodInfo(CompiledMethodObject m, ImageFormat format)
    {
        bool spur = format.IsSpur;
        int wordSize = format.WordSize;
        var h = new MethodHeader(m.Header.SmallIntValue, spur);
        NumArgs = h.NumArgs;
        NumTemps = h.NumTemps;
        NumLiterals = h.NumLiterals;
        FrameSize = h.LargeFrame ? Layout.LargeFrame : Layout.SmallFrame;
        if (NumTemps + m.Bytes.Length >= FrameSize && !DecodedMethod.IsQuick(m, format)) FrameSize = Math.Max(FrameSize, NeededFrame(m, format));
        BytecodeOffset = (1 + NumLiterals) * wordSize;
        UsesSista = h.UsesSistaV1;
        PrimitiveIndex = h.PrimitiveIndex(m.Bytes);
        Literals = m.Literals;
        Method = m;
        var b = m.Bytes;
        StoresErrorCode = b.Length >= 4 && ((b[0] == 139 && b[3] == 129 && !UsesSista) || (b[0] == 248 && b[3] == 0xF5 && UsesSista));
    }

    /// <summary>
    /// The deepest stack any activation of the method reaches. Old compilers did not always
    /// flag a large frame when one was needed (Squeak 2.2's LedDigitMorph class>>initialize goes
    /// 99 deep in a 56-slot frame), so a method that could overflow is measured, once.
    /// </summary>
    private static int NeededFrame(CompiledMethodObject m, ImageFormat format)
    {
        var numTemps = new MethodHeader(m.Header.SmallIntValue, format.IsSpur).NumTemps;
        try
        {
            var decoded = DecodedMethod.Decode(m, format);
            return StackAnalysis.Of(m, decoded, format).MaxDepth + 1;
        }
        catch (DecodeException)
        {
            return numTemps + m.Bytes.Length + 1;
        }
    }

    /// <summary>Quick methods (primitives 256–519): answer self, a constant or an instance variable without activating.</summary>
    public bool IsQuick => PrimitiveIndex is >= 256 and <= 519;
}
