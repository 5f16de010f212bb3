using System.Numerics;
using System.Runtime.CompilerServices;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Graphics;

/// <summary>
/// How a source pixel becomes a destination pixel. Two optional stages, as Squeak defines
/// colour maps: a fixed part that moves colour components (four mask-and-shift pairs: red,
/// green, blue, alpha), then an indexed part (a lookup table whose size is a power of two).
///
/// An old-style map is a Bitmap: only the table is given, and when the source has 16 or 32 bits a
/// pixel implicitly loses low component bits first — down to 3, 4 or 5 bits a component for
/// tables of 512, 4096 or 32768 entries. A new-style map (ColorMap: shifts, masks, colors) spells
/// both parts out. Without any map, 16- and 32-bit forms still convert into each other.
/// </summary>
public struct PixelMap
{
    /// <summary>True when a map was given, even an empty or identity one: the copy then goes pixel by pixel.</summary>
    public bool Present;
    public bool HasFixedPart;
    public uint RedMask, GreenMask, BlueMask, AlphaMask;
    /// <summary>Positive moves left, negative right.</summary>
    public int RedShift, GreenShift, BlueShift, AlphaShift;
    public uint[]? Table;
    public uint TableMask;
    /// <summary>3, 4 or 5 when the table is indexed by reduced RGB (512, 4096 or 32768 entries), else 0.</summary>
    public int TableBitsPerColor;

    /// <summary>Loads the BitBlt's colorMap slot: nil, a Bitmap (old style) or a ColorMap (new style). False for anything else.</summary>
    public static bool TryLoad(Value colorMap, SqObject nil, int sourceDepth, int destDepth, out PixelMap map)
    {
        map = default;
        if (ReferenceEquals(colorMap.Ref, nil))
        {
            map.AddImplicitConversion(sourceDepth, destDepth);
            return true;
        }
        switch (colorMap.Ref)
        {
            case WordsObject table:
                map.Present = true;
                if (!map.SetTable(table.Words)) return false;
                map.AddImplicitConversion(sourceDepth, destDepth);
                return true;
            case PointersObject cm when cm.Slots.Length >= 3:
                map.Present = true;
                if (!TryWords4(cm.Slots[0], nil, out var shifts) || !TryWords4(cm.Slots[1], nil, out var masks)) return false;
                if (shifts is not null && masks is not null && !IsIdentity(shifts, masks))
                {
                    map.HasFixedPart = true;
                    (map.RedMask, map.GreenMask, map.BlueMask, map.AlphaMask) = (masks[0], masks[1], masks[2], masks[3]);
                    (map.RedShift, map.GreenShift, map.BlueShift, map.AlphaShift) = ((int)shifts[0], (int)shifts[1], (int)shifts[2], (int)shifts[3]);
                }
                if (ReferenceEquals(cm.Slots[2].Ref, nil)) return true;
                return cm.Slots[2].Ref is WordsObject colors && map.SetTable(colors.Words);
            default:
                return false;
        }
    }

    private static bool TryWords4(Value v, SqObject nil, out uint[]? words)
    {
        words = null;
        if (ReferenceEquals(v.Ref, nil)) return true;
        if (v.Ref is not WordsObject w || w.Words.Length != 4) return false;
        words = w.Words;
        return true;
    }

    private static bool IsIdentity(uint[] shifts, uint[] masks) =>
        shifts[0] == 0 && shifts[1] == 0 && shifts[2] == 0 && shifts[3] == 0
        && masks[0] == 0xFF0000 && masks[1] == 0xFF00 && masks[2] == 0xFF && masks[3] == 0xFF000000;

    private bool SetTable(uint[] table)
    {
        if (table.Length == 0) return true;   // a map with no entries maps nothing but still counts as present
        if (!BitOperations.IsPow2(table.Length)) return false;
        Table = table;
        TableMask = (uint)table.Length - 1;
        TableBitsPerColor = table.Length switch { 512 => 3, 4096 => 4, 32768 => 5, _ => 0 };
        return true;
    }

    /// <summary>
    /// The component reduction or expansion a 16- or 32-bit source needs when the map does not say
    /// it: towards the table's bits a colour if it is indexed by RGB, else towards the destination's.
    /// </summary>
    private void AddImplicitConversion(int sourceDepth, int destDepth)
    {
        var from = BitsPerComponent(sourceDepth);
        if (from == 0) return;
        var to = TableBitsPerColor != 0 ? TableBitsPerColor : BitsPerComponent(destDepth);
        if (to == 0 || to == from) return;
        SetComponentConversion(from, to);
    }

    private static int BitsPerComponent(int depth) => depth switch { 16 => 5, 32 => 8, _ => 0 };

    /// <summary>Red, green and blue go from <paramref name="from"/> to <paramref name="to"/> bits each: kept as their high bits when shrinking, zero-filled below when growing. Alpha is dropped.</summary>
    private void SetComponentConversion(int from, int to)
    {
        Present = true;
        HasFixedPart = true;
        var delta = to - from;
        var width = Math.Min(from, to);
        var bits = (1u << width) - 1;
        var low = delta < 0 ? -delta : 0;   // shrinking keeps a component's top bits
        BlueMask = bits << low;
        GreenMask = bits << (from + low);
        RedMask = bits << (2 * from + low);
        AlphaMask = 0;
        BlueShift = delta;
        GreenShift = 2 * delta;
        RedShift = 3 * delta;
        AlphaShift = 0;
    }

    /// <summary>Shifts of 32 or more empty the component (.NET would take the count modulo 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Move(uint pixel, uint mask, int shift) =>
        shift >= 0 ? (shift < 32 ? (pixel & mask) << shift : 0) : (shift > -32 ? (pixel & mask) >> -shift : 0);

    /// <summary>The fixed part alone. A non-zero pixel never becomes 0 (transparent) through it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly uint Convert(uint pixel)
    {
        var v = Move(pixel, RedMask, RedShift) | Move(pixel, GreenMask, GreenShift)
              | Move(pixel, BlueMask, BlueShift) | Move(pixel, AlphaMask, AlphaShift);
        return v == 0 && pixel != 0 ? 1 : v;
    }

    /// <summary>Both stages.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly uint Map(uint pixel)
    {
        if (HasFixedPart) pixel = Convert(pixel);
        return Table is { } t ? t[pixel & TableMask] : pixel;
    }

    /// <summary>A pixel with <paramref name="fromBits"/> bits a component as one with <paramref name="toBits"/>: zero-filled when growing, truncated when shrinking (never to 0 from non-zero).</summary>
    public static uint ReduceRgb(uint pixel, int fromBits, int toBits)
    {
        if (fromBits == toBits) return pixel & ((1u << (3 * fromBits)) - 1);
        if (pixel == 0) return 0;
        uint result = 0;
        for (var c = 0; c < 3; c++)
        {
            var component = (pixel >> (c * fromBits)) & ((1u << fromBits) - 1);
            component = toBits > fromBits ? component << (toBits - fromBits) : component >> (fromBits - toBits);
            result |= component << (c * toBits);
        }
        return result == 0 ? 1 : result;
    }
}
