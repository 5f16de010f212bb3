using System.Runtime.CompilerServices;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// Sends made by a call instead of inline code, for bodies too large to have their sends inline.
/// RyuJIT gives up optimising a method with more than about 2,000 basic blocks (it compiles it
/// with MinOpts, every local in memory); an inline send is about 18 blocks, so a method of a few
/// hundred bytecodes (Squeak 2.2's GrafPort>>fillOval:..., drawn for every atom of a
/// BouncingAtomsMorph) crosses that line. Such a body calls these instead, and is optimised.
/// They do what the inline code does: the site's two tested entries, quick answers, the call.
/// </summary>
public sealed partial class Interpreter
{
    public static Value SendCached(Interpreter vm, MethodInfo caller, int siteIndex, int selectorCode, int depth, Value r, Value a1, Value a2, Value a3, Value a4)
    {
        var site = caller.Sites![siteIndex];
        var cls = ClassKey(vm, r);
        if (!ReferenceEquals(site.Class, cls))
        {
            site = site.Second!;
            if (!ReferenceEquals(site.Class, cls)) return SendMiss(vm, caller, siteIndex, selectorCode, depth, r, a1, a2, a3, a4);
        }
        switch (site.Quick)
        {
            case SendSite.CallTarget: break;
            case SendSite.AnswerSelf: return r;
            case SendSite.AnswerConstant: return site.QuickValue;
            default:
                if (r.Ref is not PointersObject p || (uint)site.QuickIndex >= (uint)p.Slots.Length) break;
                if (site.Quick == SendSite.AnswerSlot) return p.Slots[site.QuickIndex];
                // A setter: an immutable receiver goes through the call (its body flushes, the interpreter sends attemptToAssign:withIndex:).
                if ((p.Flags & ObjectFlags.Immutable) != 0) break;
                p.Slots[site.QuickIndex] = a1;
                return site.Quick == SendSite.StoreSlotAnswerSelf ? r : a1;
        }
        return Invoke(site.Target, (selectorCode >> 16) & 0xFF, vm, site.Info!, depth + 1, r, a1, a2, a3, a4);
    }

    /// <summary>The slow path of an arithmetic or comparison special selector (0-9): Floats without a send, else <see cref="SendCached"/>.</summary>
    public static Value SpecialSendCached(Interpreter vm, MethodInfo caller, int siteIndex, int selectorCode, int depth, Value r, Value a1)
    {
        if (FloatSpecialForDirect(vm, r, a1, selectorCode & SelectorIndexMask) is { Ref: not null } answer) return answer;
        return SendCached(vm, caller, siteIndex, selectorCode, depth, r, a1, default, default, default);
    }
}
