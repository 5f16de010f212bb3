namespace ImageAot.Runtime.Bytecodes;

/// <summary>What an instruction does, independent of the bytecode set that encoded it.</summary>
public enum Op
{
    PushReceiverVariable, PushTemp, PushLiteralConstant, PushLiteralVariable,
    PushSelf, PushTrue, PushFalse, PushNil, PushInteger, PushCharacter, PushThisContext,
    StoreReceiverVariable, StoreTemp, StoreLiteralVariable,
    PushRemoteTemp, StoreRemoteTemp, PushNewArray,
    Dup, Pop, Nop,
    ReturnReceiver, ReturnTrue, ReturnFalse, ReturnNil, ReturnTop, BlockReturnTop, BlockReturnNil,
    Send, SuperSend, DirectedSuperSend, SpecialSend,
    Jump, JumpIfTrue, JumpIfFalse,
    PushClosure, PushFullClosure, CallPrimitive,
    Unknown,
}

/// <summary>
/// One decoded instruction. Operand meaning by op: Index = variable/literal/temp index, special
/// selector index, integer or character value, or primitive number; ArgCount = send arguments,
/// closure arguments or new-array size; Target = jump target pc (or, for a closure, the pc after
/// its body); Extra = temp-vector index for remote temps, copied-value count for closures.
/// Pop: a store that also pops, or PushNewArray taking its elements from the stack.
/// </summary>
public readonly record struct Instruction(int Pc, int Length, Op Op, int Index = 0, int ArgCount = 0, int Target = -1, int Extra = 0, bool Pop = false)
{
    public int NextPc => Pc + Length;

    public bool IsSend => Op is Op.Send or Op.SuperSend or Op.DirectedSuperSend or Op.SpecialSend;
    public bool IsReturn => Op is Op.ReturnReceiver or Op.ReturnTrue or Op.ReturnFalse or Op.ReturnNil or Op.ReturnTop or Op.BlockReturnTop or Op.BlockReturnNil;
    public bool IsJump => Op is Op.Jump or Op.JumpIfTrue or Op.JumpIfFalse;
    /// <summary>Control never falls through to the next instruction.</summary>
    public bool EndsFlow => IsReturn || Op is Op.Jump or Op.Unknown;

    public override string ToString() => $"{Pc,4}: {Op} {Index} {ArgCount}" + (Target >= 0 ? $" -> {Target}" : "") + (Pop ? " pop" : "");
}

public enum BytecodeSet { BlueBook, V3PlusClosures, SistaV1 }
