using System.Runtime.CompilerServices;
using ImageAot.Runtime.ObjectModel;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Runtime.Execution;

// What primitives see of the interpreter: the active stack, answering and failing.
public sealed partial class Interpreter
{
    /// <summary>Error code of the last primitive failure (0 = none); the method may ask for it.</summary>
    public int PrimFailCode;

    /// <summary>The value <paramref name="depth"/> below the top of the active stack (0 = top; with n arguments, n = receiver).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Value Stack(int depth) => frame[sp - depth];

    /// <summary>Pops the receiver and <paramref name="argCount"/> arguments, pushes <paramref name="result"/>, answers true.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Answer(int argCount, Value result)
    {
        sp -= argCount;
        frame[sp] = result;
        return true;
    }

    public bool Answer(int argCount, bool result) => Answer(argCount, result ? Mem.TrueV : Mem.FalseV);

    public bool Answer(int argCount, long integer) => Answer(argCount, Mem.Integer(integer));

    public bool Fail(int code = PrimErr.Generic)
    {
        PrimFailCode = code;
        return false;
    }

    public void Push(Value v) => frame[++sp] = v;
    public Value Pop() => frame[sp--];
    public void PopN(int n) => sp -= n;

    /// <summary>How many more values the active context's stack can take.</summary>
    public int StackRoom => frame.Length - 1 - sp;

    /// <summary>Where the image's console and stdout writes go.</summary>
    public TextWriter Stdout = Console.Out;
    public TextWriter Stderr = Console.Error;

    /// <summary>Directory of the image file (for FilePlugin-relative paths and the image name primitive).</summary>
    public string ImagePath = "";

    /// <summary>The folder vmPath answers: where old images look for their .sources file (a bundle's user folder, else the VM's own folder).</summary>
    public string VmPath = AppContext.BaseDirectory;

    /// <summary>False where the image has nowhere to save itself (a bundle without a writable user folder): snapshots then fail as a read-only file's would.</summary>
    public bool SnapshotsAllowed = true;
}

public sealed partial class Interpreter
{
    public void SetStack(int depth, Value v) => frame[sp - depth] = v;

    /// <summary>Runs a method on the receiver and arguments on the stack, without lookup (executeMethod: primitives).</summary>
    public void ExecuteMethod(CompiledMethodObject m, int argCount) => Execute(m, InfoOf(m), argCount);
}

public sealed partial class Interpreter
{
    /// <summary>Reloads the active context's registers from its slots (after become: may have changed what they refer to).</summary>
    public void ReloadActiveContext()
    {
        StoreContextRegisters();
        FetchContextRegisters(activeContext);
    }
}

public sealed partial class Interpreter
{
    /// <summary>Answers for getSystemAttribute: that the launcher sets (e.g. 1001 = 'Web' to start the benchmark image's suite).</summary>
    public readonly Dictionary<int, string> SystemAttributes = new();
    /// <summary>Arguments after the image name, as attributes 2, 3, …</summary>
    public List<string> ImageArguments = new();
    /// <summary>The VM's own options, as attributes -1, -2, … (Pharo asks there whether it runs headless).</summary>
    public List<string> VmArguments = new();
}
