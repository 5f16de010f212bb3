using System.Numerics;

namespace ImageAot.Runtime.Graphics;

/// <summary>
/// Rule 32: leaves the destination alone and adds up how much it differs from the source inside
/// the rectangle — for pixels below 16 bits the number of differing pixels, for RGB pixels the
/// sum of the absolute red, green and blue differences. The primitive answers the sum.
/// </summary>
public readonly struct DifferenceCountRule(Blit owner, int depth) : IBlitRule
{
    public static bool ReadsDestination => true;

    public uint Merge(uint s, uint d, uint mask)
    {
        var pixel = depth == 32 ? uint.MaxValue : (1u << depth) - 1;
        long sum = 0;
        for (var shift = 0; shift < 32; shift += depth)
        {
            if ((mask >> shift & pixel) == 0) continue;
            uint sp = s >> shift & pixel, dp = d >> shift & pixel;
            if (depth < 16) sum += sp == dp ? 0 : 1;
            else
            {
                var bits = depth == 16 ? 5 : 8;
                var component = (1u << bits) - 1;
                for (var c = 0; c < 3 * bits; c += bits)
                {
                    uint a = sp >> c & component, b = dp >> c & component;
                    sum += a > b ? a - b : b - a;
                }
            }
        }
        owner.BitCount += sum;
        return d;
    }
}

/// <summary>
/// Rule 33: leaves the destination alone and counts its pixels inside the rectangle into the
/// colour map's table (a histogram), indexed by the pixel or, for RGB pixels, by the pixel reduced
/// to the table's bits a colour. Nothing is counted without a table.
/// </summary>
public readonly struct TallyRule(Blit owner, int depth) : IBlitRule
{
    public static bool ReadsDestination => true;

    public uint Merge(uint s, uint d, uint mask)
    {
        ref readonly var map = ref owner.Map;
        if (map.Table is not { } table) return d;
        if (depth == 1)
        {
            // Scratch's touching tests tally 1-bit masks: count the set and clear pixels at once.
            var ones = (uint)BitOperations.PopCount(d & mask);
            table[1 & map.TableMask] += ones;
            table[0] += (uint)BitOperations.PopCount(mask) - ones;
            return d;
        }
        var pixel = depth == 32 ? uint.MaxValue : (1u << depth) - 1;
        for (var shift = 0; shift < 32; shift += depth)
        {
            if ((mask >> shift & pixel) == 0) continue;
            var value = d >> shift & pixel;
            var index = depth switch
            {
                16 => PixelMap.ReduceRgb(value, 5, map.TableBitsPerColor),
                32 => PixelMap.ReduceRgb(value, 8, map.TableBitsPerColor),
                _ => value,
            };
            table[index & map.TableMask]++;
        }
        return d;
    }
}

/// <summary>
/// Rule 22, the older form of rule 32: the same sum, but over whole words, so that pixels beside
/// the rectangle in its first and last word of each row count too. Images subtract those fringes
/// themselves, so the count must include them as the reference VMs do.
/// </summary>
public readonly struct WordDifferenceCountRule(Blit owner, int depth) : IBlitRule
{
    public static bool ReadsDestination => true;

    public uint Merge(uint s, uint d, uint mask)
    {
        new DifferenceCountRule(owner, depth).Merge(s, d, uint.MaxValue);
        return d;
    }
}

/// <summary>Rule 23, the older form of rule 33: tallies every pixel of the words it touches, the fringes beside the rectangle included.</summary>
public readonly struct WordTallyRule(Blit owner, int depth) : IBlitRule
{
    public static bool ReadsDestination => true;

    public uint Merge(uint s, uint d, uint mask) => new TallyRule(owner, depth).Merge(s, d, uint.MaxValue);
}
