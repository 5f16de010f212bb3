namespace ImageAot.Runtime.Graphics;

/// <summary>
/// A combination rule: how a source word (already aligned to the destination word and ANDed with
/// the halftone) merges with the destination word. Loops are generic over the rule so each rule
/// gets its own compiled loop with the merge inlined; no virtual call happens per word.
/// </summary>
public interface IBlitRule
{
    /// <summary>False when the result does not depend on the destination, so whole words can be stored without reading them first.</summary>
    static abstract bool ReadsDestination { get; }

    /// <param name="mask">The destination bits this word may change (all ones inside a row); only rules that count or look at single pixels need it.</param>
    uint Merge(uint source, uint destination, uint mask);
}

// Rules 0–15 are the sixteen boolean functions of source and destination (Blue Book), except that
// Squeak leaves the destination alone under rule 15 instead of setting every bit. Rules 5 and 15
// change nothing, so they have no merge here: the copy is skipped.

public struct ClearRule : IBlitRule
{
    public static bool ReadsDestination => false;
    public readonly uint Merge(uint s, uint d, uint mask) => 0;
}

public struct AndRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => s & d;
}

public struct AndNotDestRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => s & ~d;
}

/// <summary>Rules 5 and 15: the destination stays as it is, so no loop runs (it stands for them where a rule type is needed).</summary>
public struct KeepDestinationRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => d;
}

public struct StoreRule : IBlitRule
{
    public static bool ReadsDestination => false;
    public readonly uint Merge(uint s, uint d, uint mask) => s;
}

public struct EraseRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => ~s & d;
}

public struct XorRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => s ^ d;
}

public struct OrRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => s | d;
}

public struct NorRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => ~(s | d);
}

public struct XnorRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => ~(s ^ d);
}

public struct InvertDestRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => ~d;
}

public struct OrNotDestRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => s | ~d;
}

public struct InvertSourceRule : IBlitRule
{
    public static bool ReadsDestination => false;
    public readonly uint Merge(uint s, uint d, uint mask) => ~s;
}

public struct OrNotSourceRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => ~s | d;
}

public struct NandRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => ~(s & d);
}
