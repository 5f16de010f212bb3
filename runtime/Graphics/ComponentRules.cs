using System.Runtime.CompilerServices;

namespace ImageAot.Runtime.Graphics;

/// <summary>
/// The independent fields of a destination word for the arithmetic rules: every pixel below 16
/// bits; red, green and blue (5 bits each, the top bit of the pixel left out) of both pixels at
/// 16 bits; the four bytes (alpha included) at 32 bits.
/// </summary>
public readonly struct ComponentLayout
{
    public readonly int Bits, PerGroup, Groups, GroupStride;
    public readonly uint Max;

    private ComponentLayout(int bits, int perGroup, int groups, int groupStride)
    {
        Bits = bits;
        PerGroup = perGroup;
        Groups = groups;
        GroupStride = groupStride;
        Max = bits == 32 ? uint.MaxValue : (1u << bits) - 1;
    }

    public static ComponentLayout ForDepth(int depth) => depth switch
    {
        16 => new ComponentLayout(5, 3, 2, 16),
        32 => new ComponentLayout(8, 4, 1, 0),
        _ => new ComponentLayout(depth, 32 / depth, 1, 0),
    };

    /// <summary>Applies <typeparamref name="TOp"/> to each pair of fields; bits outside every field come out 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Combine<TOp>(uint a, uint b) where TOp : struct, IComponentOp
    {
        uint result = 0;
        for (var g = 0; g < Groups; g++)
        {
            var shift = g * GroupStride;
            for (var i = 0; i < PerGroup; i++, shift += Bits)
            {
                var x = (a >> shift) & Max;
                var y = (b >> shift) & Max;
                result |= TOp.Apply(x, y, Bits, Max) << shift;
            }
        }
        return result;
    }
}

/// <summary>One field of source (x) and destination (y) to one result field.</summary>
public interface IComponentOp
{
    static abstract uint Apply(uint x, uint y, int bits, uint max);
}

public struct SaturatingAdd : IComponentOp
{
    public static uint Apply(uint x, uint y, int bits, uint max) => Math.Min(x + y, max);
}

public struct AbsoluteDifference : IComponentOp
{
    public static uint Apply(uint x, uint y, int bits, uint max) => x > y ? x - y : y - x;
}

public struct Maximum : IComponentOp
{
    public static uint Apply(uint x, uint y, int bits, uint max) => Math.Max(x, y);
}

public struct Minimum : IComponentOp
{
    public static uint Apply(uint x, uint y, int bits, uint max) => Math.Min(x, y);
}

/// <summary>Treats both fields as fractions of full intensity; full times full stays full.</summary>
public struct ScaledProduct : IComponentOp
{
    public static uint Apply(uint x, uint y, int bits, uint max) => (uint)((((ulong)x + 1) * ((ulong)y + 1) - 1) >> bits);
}

/// <summary>Rule 18: the words added as integers (carries cross pixels).</summary>
public struct AddWordRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => s + d;
}

/// <summary>Rule 19: source minus destination as integers.</summary>
public struct SubtractWordRule : IBlitRule
{
    public static bool ReadsDestination => true;
    public readonly uint Merge(uint s, uint d, uint mask) => s - d;
}

/// <summary>Rule 20: fields added, saturating at full intensity.</summary>
public readonly struct RgbAddRule(ComponentLayout layout) : IBlitRule
{
    public static bool ReadsDestination => true;
    public uint Merge(uint s, uint d, uint mask) => layout.Combine<SaturatingAdd>(s, d);
}

/// <summary>Rule 21: the absolute difference of the fields.</summary>
public readonly struct RgbSubtractRule(ComponentLayout layout) : IBlitRule
{
    public static bool ReadsDestination => true;
    public uint Merge(uint s, uint d, uint mask) => layout.Combine<AbsoluteDifference>(s, d);
}

/// <summary>Rule 27.</summary>
public readonly struct RgbMaxRule(ComponentLayout layout) : IBlitRule
{
    public static bool ReadsDestination => true;
    public uint Merge(uint s, uint d, uint mask) => layout.Combine<Maximum>(s, d);
}

/// <summary>Rule 28.</summary>
public readonly struct RgbMinRule(ComponentLayout layout) : IBlitRule
{
    public static bool ReadsDestination => true;
    public uint Merge(uint s, uint d, uint mask) => layout.Combine<Minimum>(s, d);
}

/// <summary>Rule 29: the minimum of the inverted source and the destination.</summary>
public readonly struct RgbMinInvertRule(ComponentLayout layout) : IBlitRule
{
    public static bool ReadsDestination => true;
    public uint Merge(uint s, uint d, uint mask) => layout.Combine<Minimum>(~s, d);
}

/// <summary>
/// Rule 37: fields multiplied as fractions of full intensity. Below 8 bits a pixel only the four
/// lowest fields are multiplied and the rest come out 0, as in the reference VMs, whose
/// multiplication handles at most four fields a word.
/// </summary>
public readonly struct RgbMultiplyRule(ComponentLayout layout, int depth) : IBlitRule
{
    private readonly uint fields = depth < 8 ? (1u << (4 * depth)) - 1 : uint.MaxValue;
    public static bool ReadsDestination => true;
    public uint Merge(uint s, uint d, uint mask) => layout.Combine<ScaledProduct>(s, d) & fields;
}
