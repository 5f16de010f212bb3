namespace ImageAot.Runtime.Execution;

/// <summary>
/// What the recompiler's assembly gives the interpreter, by content key: heap-frame bodies
/// (resume a context at any pc) and direct-call entries (run a fresh activation on the .NET stack).
/// </summary>
public sealed class CompiledCode
{
    public readonly Dictionary<ulong, CompiledBody> Bodies = new();
    public readonly Dictionary<ulong, nint> DirectEntries = new();
}
