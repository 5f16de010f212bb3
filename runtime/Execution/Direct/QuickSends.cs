using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// Which sends a compiled send site can answer without calling: quick methods (primitives
/// 256-519: self, a constant, an instance variable) and plain setters (<c>foo: x  foo := x</c>,
/// or <c>^ foo := x</c>). They are most of the sends in object-oriented code (Richards' tasks
/// and packets, Scratch's blocks), and a call costs more than what they do.
/// </summary>
public static class QuickSends
{
    /// <summary>What a site that cached <paramref name="info"/> can answer itself (<see cref="SendSite.CallTarget"/>: it must call).</summary>
    public static int Classify(Interpreter vm, MethodInfo info, ImageFormat format, out int index, out Value constant)
    {
        index = 0;
        constant = default;
        switch (info.PrimitiveIndex)
        {
            case 256: return SendSite.AnswerSelf;
            case 257: constant = vm.TrueV; return SendSite.AnswerConstant;
            case 258: constant = vm.FalseV; return SendSite.AnswerConstant;
            case 259: constant = vm.NilV; return SendSite.AnswerConstant;
            case >= 260 and <= 263: constant = Value.SmallInt(info.PrimitiveIndex - 261); return SendSite.AnswerConstant;
            case >= 264 and <= 519: index = info.PrimitiveIndex - 264; return SendSite.AnswerSlot;
            case 0: break;
            default: return SendSite.CallTarget;
        }
        if (info.SetterKind < 0) info.SetterKind = SetterKindOf(info, format, out info.SetterIndex);
        index = info.SetterIndex;
        return info.SetterKind;
    }

    /// <summary>Whether the method's whole code is "store the argument into an instance variable, answer self (or the argument)".</summary>
    private static int SetterKindOf(MethodInfo info, ImageFormat format, out int index)
    {
        index = 0;
        if (info.NumArgs != 1 || info.StoresErrorCode) return SendSite.CallTarget;
        DecodedMethod decoded;
        try { decoded = DecodedMethod.Decode(info.Method, format); }
        catch (DecodeException) { return SendSite.CallTarget; }
        var code = decoded.Instructions;
        if (code.Count != 3 || code[0] is not { Op: Op.PushTemp, Index: 0 } || code[1].Op != Op.StoreReceiverVariable) return SendSite.CallTarget;
        index = code[1].Index;
        // Old compilers store without popping before ^self (16 129 n 120): the value left on the stack is dropped with the frame.
        if (code[2].Op == Op.ReturnReceiver) return SendSite.StoreSlotAnswerSelf;
        if (!code[1].Pop && code[2].Op == Op.ReturnTop) return SendSite.StoreSlotAnswerArgument;
        return SendSite.CallTarget;
    }
}
