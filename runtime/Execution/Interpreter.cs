using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// The bytecode interpreter over heap contexts (the Blue Book model): every activation is
/// a MethodContext (or Blue Book BlockContext) object the image can see. The registers of
/// the active context (pc, stack pointer, method, receiver) live in fields while it runs
/// and are written back into it whenever another context takes over.
/// </summary>
public sealed partial class Interpreter
{
    public readonly ObjectMemory Mem;
    public readonly PrimitiveTable Primitives;

    // Registers of the active context.
    private PointersObject activeContext = null!;
    private Value[] frame = null!;
    /// <summary>Where temporaries live: the active frame, or a Blue Book block's home frame.</summary>
    private Value[] temps = null!;
    private int sp;
    private int pc;
    private CompiledMethodObject method = null!;
    private MethodInfo methodInfo = null!;
    private byte[] code = null!;
    private Value[] literals = null!;
    private Value receiver;
    private Value[]? receiverSlots;

    public Interpreter(SqueakImage image, PrimitiveTable? primitives = null)
    {
        Mem = new ObjectMemory(image);
        Mem.HeapPressure = () => { heapCheckCountdown = 1; InterruptCountdown = 1; };
        Primitives = primitives ?? PrimitiveTable.CreateStandard();
        InitializeSpecialSelectors();
        InitializeDirect();
        InitializeDisplay();
        smallIntSpan = Mem.MaxSmallInt - Mem.MinSmallInt;
    }

    /// <summary>MaxSmallInt - MinSmallInt: r is a SmallInteger when (ulong)(r - MinSmallInt) is at most this.</summary>
    private readonly long smallIntSpan;

    /// <summary>An interpreter whose active stack is a scratch array, for calling primitives directly in tests.</summary>
    public static Interpreter ForPrimitiveTests(SqueakImage image)
    {
        var vm = new Interpreter(image);
        vm.frame = new Value[256];
        vm.temps = vm.frame;
        vm.sp = -1;
        return vm;
    }

    public SqueakImage Image => Mem.Image;
}
