using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// Native code for one method body, made ahead of time by the recompiler. It runs the
/// method's simple bytecodes (pushes, stores, jumps, SmallInteger arithmetic and comparisons)
/// directly on the active context's frame, entering at any instruction boundary, and returns
/// the pc of the first instruction it leaves to the interpreter (a send, a return, a block, a
/// failed fast path). State lives in the heap context throughout, so both tiers can take
/// over from each other at any instruction.
/// </summary>
public delegate int CompiledBody(ref BodyState state, int pc);

/// <summary>The active context's registers and the constants a compiled body needs, passed by reference.</summary>
public struct BodyState
{
    public Value[] Frame;
    public Value[] Temps;
    public Value[]? ReceiverSlots;
    public Value[] Literals;
    public Value Receiver;
    public int Sp;
    /// <summary>Backward jumps left before the interpreter must check for timers and process switches.</summary>
    public int Countdown;
    public bool ReceiverImmutable;
    public Value TrueV, FalseV, NilV;
    public long MinSmallInt, MaxSmallInt;
    /// <summary>Class Array: at: and at:put: on its instances run inline.</summary>
    public SqObject ClassArray;
    /// <summary>What the instruction the body stopped at is, when it is a send or a return the caller can do at once.</summary>
    public BodyExit Exit;
    public int ExitIndex, ExitArgCount, ExitNextPc;
}

/// <summary>The instruction a compiled body stopped at, for the common kinds (anything else is Other: interpret it).</summary>
public enum BodyExit : byte { Other, Send, SuperSend, SpecialSend, ReturnTop, ReturnReceiver, ReturnTrue, ReturnFalse, ReturnNil, BlockReturnTop }
