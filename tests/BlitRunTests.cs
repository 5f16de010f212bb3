using Xunit;
using Blit = ImageAot.Runtime.Graphics.Blit;
using PixelMap = ImageAot.Runtime.Graphics.PixelMap;
using Surface = ImageAot.Runtime.Graphics.Surface;

namespace ImageAot.Tests;

/// <summary>
/// The copy loops' shortcuts for what a Morphic redraw does most: 32-bit sprites painted and
/// alpha-blended eight pixels at a time, and shallow shapes (mostly empty 1-bit masks, icons)
/// drawn on a 32-bit Display with whole empty source words skipped. Each is checked pixel by
/// pixel against what the rule does to one pixel, on pictures shaped like real ones: runs of
/// transparent, opaque and translucent pixels, and sparse masks.
/// </summary>
public class BlitRunTests
{
    /// <summary>Runs of one kind of pixel, as in a sprite: transparent (0), opaque, translucent, or noise.</summary>
    private static uint[] SpriteLike(Random rnd, int length)
    {
        var bits = new uint[length];
        for (var i = 0; i < length;)
        {
            var run = rnd.Next(1, 24);
            var kind = rnd.Next(4);
            for (var k = 0; k < run && i < length; k++, i++)
            {
                var rgb = (uint)rnd.Next(1 << 24);
                bits[i] = kind switch { 0 => 0, 1 => 0xFF000000 | rgb, 2 => (uint)rnd.Next(1, 255) << 24 | rgb, _ => (uint)rnd.NextInt64(1L << 32) };
            }
        }
        return bits;
    }

    /// <summary>Mostly zero words with a few set bits: a large 1-bit shape.</summary>
    private static uint[] Sparse(Random rnd, int length)
    {
        var bits = new uint[length];
        for (var i = 0; i < length; i++)
            if (rnd.Next(3) == 0) bits[i] = (uint)rnd.NextInt64(1L << 32) & (uint)rnd.NextInt64(1L << 32);
        return bits;
    }

    private static Blit RandomBlit(Random rnd, int rule, Surface dest, Surface source)
    {
        var b = new Blit
        {
            Rule = rule, Dest = dest, Source = source, HasSource = true,
            DestX = rnd.Next(-10, dest.Width), DestY = rnd.Next(-3, dest.Height), Width = rnd.Next(0, 160), Height = rnd.Next(0, 14),
            SourceX = rnd.Next(-10, source.Width), SourceY = rnd.Next(-3, source.Height),
            ClipX = rnd.Next(-10, 40), ClipY = rnd.Next(-3, 6), ClipWidth = rnd.Next(0, 200), ClipHeight = rnd.Next(0, 16),
        };
        if (rnd.Next(4) == 0)
        {
            b.Halftone = Enumerable.Range(0, rnd.Next(1, 4)).Select(_ => rnd.Next(2) == 0 ? uint.MaxValue : (uint)rnd.NextInt64(1L << 32)).ToArray();
            b.HalftoneRows = b.Halftone.Length;
        }
        return b;
    }

    /// <summary>The destination after the copy, pixel by pixel: <paramref name="merge"/>(mapped source pixel and halftone, destination pixel) inside all the clipping.</summary>
    private static uint[] Model(Blit b, uint[] destBefore, Func<uint, uint> map, Func<uint, uint, uint> merge)
    {
        var d = new Surface((uint[])destBefore.Clone(), b.Dest.Width, b.Dest.Height, 32);
        foreach (var (x, y, sx, sy) in BlitClipping.Pixels(b))
        {
            var halftone = b.Halftone is null ? uint.MaxValue : b.Halftone[y % b.HalftoneRows];
            d.SetPixelAt(x, y, merge(map(b.Source.PixelAt(sx, sy)) & halftone, d.PixelAt(x, y)));
        }
        return d.Bits;
    }

    private static uint Paint32(uint s, uint d) => s == 0 ? d : s;

    private static uint Blend(uint s, uint d) => new ImageAot.Runtime.Graphics.AlphaBlendRule().Merge(s, d, uint.MaxValue);

    [Fact]
    public void Sprites_paint_and_blend_on_32_bits_as_each_pixel_would()
    {
        var rnd = new Random(2025);
        for (var n = 0; n < 2000; n++)
        {
            var rule = rnd.Next(2) == 0 ? 24 : 25;
            var dw = rnd.Next(1, 150);
            var dest = new Surface(SpriteLike(rnd, dw * 12), dw, 12, 32);
            var sw = rnd.Next(1, 150);
            var source = new Surface(SpriteLike(rnd, sw * 12), sw, 12, 32);
            var b = RandomBlit(rnd, rule, dest, source);
            var expected = Model(b, dest.Bits, p => p, rule == 24 ? Blend : Paint32);
            Assert.True(b.CopyBits());
            Assert.True(expected.SequenceEqual(dest.Bits), $"case {n}: rule {rule}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Shallow_shapes_on_32_bits_agree_with_each_pixel_mapped_and_merged(int depth)
    {
        var rnd = new Random(depth);
        for (var n = 0; n < 1500; n++)
        {
            var dw = rnd.Next(1, 150);
            var dest = new Surface(SpriteLike(rnd, dw * 12), dw, 12, 32);
            var sw = rnd.Next(1, 200);
            var msb = rnd.Next(2) == 0;
            var source = new Surface(Sparse(rnd, (sw * depth + 31) / 32 * 12), sw, 12, depth, msb);
            var rule = new[] { 3, 7, 6, 25, 25, 25 }[rnd.Next(6)];
            var b = RandomBlit(rnd, rule, dest, source);
            uint[]? table = null;
            if (rnd.Next(3) != 0)
            {
                table = Enumerable.Range(0, 1 << depth).Select(_ => (uint)rnd.NextInt64(1L << 32)).ToArray();
                if (rnd.Next(3) != 0) table[0] = 0;     // the usual transparent background
                b.Map = new PixelMap { Present = true, Table = table, TableMask = (uint)table.Length - 1 };
            }
            Func<uint, uint> map = table is null ? p => p : p => table[p];
            Func<uint, uint, uint> merge = rule switch { 3 => (s, _) => s, 7 => (s, d) => s | d, 6 => (s, d) => s ^ d, _ => Paint32 };
            var expected = Model(b, dest.Bits, map, merge);
            Assert.True(b.CopyBits());
            Assert.True(expected.SequenceEqual(dest.Bits), $"case {n}: rule {rule} msb {msb} table {table is not null}");
        }
    }
}
