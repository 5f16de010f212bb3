using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Execution;

/// <summary>
/// The inline cache of one send instruction in a direct-call body: the receiver class it last
/// saw, and the native entry and method to call for that class. Filled by
/// <see cref="Interpreter.SendMiss"/>, emptied whenever the method cache is flushed.
/// A site has a second entry (<see cref="Second"/>, same fields) for sites that see two classes
/// (nil and a packet at an ifNil:, say), so that they do not miss on every flip.
/// When the cached method is a quick method or an instance-variable setter, <see cref="Quick"/>
/// says so and the compiled send answers from these fields without a call.
/// </summary>
public sealed class SendSite
{
    /// <summary>Stands in for "no class yet": receivers whose key is null (immediates other than SmallInteger) never match it.</summary>
    public static readonly SqObject Unfilled = new PointersObject(null!, 0, 0, []);

    /// <summary>What <see cref="Quick"/> can say: call <see cref="Target"/>, or answer without a call.</summary>
    public const int CallTarget = 0, AnswerSelf = 1, AnswerConstant = 2, AnswerSlot = 3, StoreSlotAnswerSelf = 4, StoreSlotAnswerArgument = 5;

    /// <summary>The selector the site's instruction sends (null when not known; the same on its other entries): a selective flush empties only its sites.</summary>
    public readonly SqObject? Selector;

    public SqObject Class = Unfilled;
    public nint Target;
    public MethodInfo? Info;
    /// <summary>One of the constants above; the compiled send reads it after the class matched.</summary>
    public int Quick;
    /// <summary>The instance variable a quick getter answers or a setter stores into (0-based).</summary>
    public int QuickIndex;
    /// <summary>The constant a quick method answers (true, false, nil, -1..2).</summary>
    public Value QuickValue;
    /// <summary>The second entry; null on a second entry itself.</summary>
    public readonly SendSite? Second;

    /// <summary>How many more classes a site remembers beyond the two the compiled code tests.</summary>
    public const int MoreEntries = 6;

    /// <summary>
    /// Entries for the classes a site sees beyond its two (created when it sees a third): a walk
    /// up Morphic's owner chain or over a list of varied morphs meets a handful of classes at one
    /// send. <see cref="Interpreter.SendMiss"/> searches them before it looks anything up. On the
    /// first entry only.
    /// </summary>
    public SendSite[]? More;
    private int moreVictim;

    /// <summary>How often a class was dropped from the extra entries to make room (first entry only).</summary>
    private int evictions;

    /// <summary>
    /// After this many evictions a site has shown it sees more classes than it can hold (Scratch's
    /// `owner world`, walking up owner chains of dozens of morph classes): filling and promoting
    /// entries there only churns, so <see cref="Interpreter.SendMiss"/> looks such sends up in the
    /// method cache and leaves the site as it is.
    /// </summary>
    public const int MegamorphicAfter = 64;

    public bool IsMegamorphic => evictions >= MegamorphicAfter;

    /// <summary>Hits on an extra entry since it was last promoted; only an entry hit often trades places with the second.</summary>
    public int Hits;

    /// <summary>How many hits on an extra entry make it the second one: a class seen in turn with many others stays where it is.</summary>
    public const int PromoteAfter = 8;

    public SendSite(SqObject? selector = null)
    {
        Selector = selector;
        Second = new SendSite(selector, false);
    }

    private SendSite(SqObject? selector, bool withSecond) => Selector = selector;

    public bool IsEmpty => ReferenceEquals(Class, Unfilled);

    /// <summary>The extra entry holding <paramref name="cls"/>, or null.</summary>
    public SendSite? FindMore(SqObject? cls)
    {
        if (More is not { } more) return null;
        foreach (var e in more)
            if (ReferenceEquals(e.Class, cls)) return e;
        return null;
    }

    /// <summary>
    /// The entry to fill for a class the site has not seen: an empty one, else the second, whose
    /// class moves to the extra entries (the oldest there makes room). The second entry is the
    /// one the site's latest classes go to, as a site's mix of classes changes over a run.
    /// </summary>
    public SendSite EntryToFill()
    {
        if (IsEmpty) return this;
        if (Second!.IsEmpty) return Second;
        if (More is null)
        {
            More = new SendSite[MoreEntries];
            for (var i = 0; i < MoreEntries; i++) More[i] = new SendSite(Selector, false);
        }
        if (!More[moreVictim].IsEmpty && evictions < MegamorphicAfter) evictions++;
        More[moreVictim].CopyFrom(Second);
        moreVictim = (moreVictim + 1) % MoreEntries;
        return Second;
    }

    /// <summary>An extra entry that matched often trades places with the second, which the compiled code tests.</summary>
    public SendSite Promote(SendSite extra)
    {
        extra.Hits = 0;
        var second = Second!;
        var (cls, target, info, quick, quickIndex, quickValue) = (second.Class, second.Target, second.Info, second.Quick, second.QuickIndex, second.QuickValue);
        second.CopyFrom(extra);
        extra.Fill(cls, target, info!, quick, quickIndex, quickValue);
        return second;
    }

    private void CopyFrom(SendSite e) => Fill(e.Class, e.Target, e.Info!, e.Quick, e.QuickIndex, e.QuickValue);

    public void Fill(SqObject cls, nint target, MethodInfo info, int quick, int quickIndex, Value quickValue)
    {
        if (info is not null && !ReferenceEquals(info.SiteSelector, Selector))
        {
            if (info.SiteSelector is null && !info.SiteSelectorsVary) info.SiteSelector = Selector;
            else info.SiteSelectorsVary = true;
        }
        Class = cls;
        Target = target;
        Info = info;
        Quick = quick;
        QuickIndex = quickIndex;
        QuickValue = quickValue;
    }

    /// <summary>Whether <paramref name="method"/> is what one of the site's entries calls.</summary>
    public bool Holds(CompiledMethodObject method)
    {
        if (ReferenceEquals(Info?.Method, method) || ReferenceEquals(Second?.Info?.Method, method)) return true;
        if (More is { } more)
            foreach (var e in more)
                if (ReferenceEquals(e.Info?.Method, method)) return true;
        return false;
    }

    public void Clear()
    {
        Class = Unfilled;
        Target = 0;
        Info = null;
        Quick = CallTarget;
        QuickIndex = 0;
        QuickValue = default;
        Second?.Clear();
        More = null;
        moreVictim = 0;
        evictions = 0;
        Hits = 0;
    }
}
