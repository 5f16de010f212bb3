namespace ImageAot.Runtime.Execution;

/// <summary>
/// What the recompiler's assembly gives the interpreter, by content key: heap-frame bodies
/// (resume a context at any pc) and direct-call entries (run a fresh activation on the .NET
/// stack, or resume a context). The assembly's manifest says where each body is; a body is only
/// looked up when a method with its key first runs, so loading costs next to nothing at startup.
/// </summary>
public sealed class CompiledCode(
    IReadOnlyDictionary<ulong, CompiledCode.Tokens> manifest,
    Func<ulong, int, CompiledBody> heapBody,
    Func<ulong, int, nint> directEntry,
    Func<ulong, int, int, nint> blockEntry)
{
    /// <summary>Where a key's bodies are: metadata tokens of its heap-frame body, its direct-call body (0 = none) and its Blue Book blocks' direct bodies by first pc.</summary>
    public sealed record Tokens(int Heap, int Direct, (int Pc, int Token)[] Blocks);

    public int Count => manifest.Count;

    /// <summary>When set, every key asked for is added, whether it has code or not (a training run learns which bodies start-up needs).</summary>
    public HashSet<ulong>? UsedKeys;

    /// <summary>Resolves one body, hashes and decodes once, so that reflection, hashing and decoding are ready before the first method asks (call it off the main thread).</summary>
    public void Warm()
    {
        // Content keys are SHA-256 digests: the first one pays for the crypto library's start-up.
        System.Security.Cryptography.SHA256.HashData(new byte[1]);
        // And the decoder and flow analysis that attaching a body runs get compiled here, off the main thread.
        Bytecodes.DirectFlow.ResumePoints(Bytecodes.DecodedMethod.Decode([0x70, 0x7C], Bytecodes.BytecodeSet.V3PlusClosures));
        foreach (var key in manifest.Keys)
        {
            TryGet(key, out _, out _, out _);
            return;
        }
    }

    /// <summary>The compiled code for a content key: a heap-frame body and, if there is one, a direct-call entry (else 0) and the entries of its blocks' direct bodies.</summary>
    public bool TryGet(ulong key, out CompiledBody? body, out nint direct, out (int Pc, nint Entry)[] blocks)
    {
        body = null;
        direct = 0;
        blocks = [];
        UsedKeys?.Add(key);
        if (!manifest.TryGetValue(key, out var t)) return false;
        body = heapBody(key, t.Heap);
        if (t.Direct != 0) direct = directEntry(key, t.Direct);
        if (t.Blocks.Length > 0) blocks = t.Blocks.Select(b => (b.Pc, blockEntry(key, b.Pc, b.Token))).ToArray();
        return true;
    }
}
