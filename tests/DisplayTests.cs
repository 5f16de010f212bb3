using ImageAot.Runtime.Display;
using ImageAot.Runtime.Graphics;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

/// <summary>The host-neutral display: form pixels to screen pixels at every depth, damage, PNGs, cursors, input.</summary>
public class DisplayTests
{
    private static uint[] Convert(uint[] words, int width, int height, int depth, bool msb = true)
    {
        var dest = new uint[width * height];
        FormPixels.Convert(new Surface(words, width, height, depth, msb), PixelRect.Sized(width, height), dest, width);
        return dest;
    }

    [Fact]
    public void One_bit_pixels_are_white_and_black_leftmost_in_the_high_bit() =>
        Assert.Equal([0xFFFFFFFFu, 0xFF000000u, 0xFFFFFFFFu, 0xFF000000u], Convert([0x5000_0000u], 4, 1, 1));

    [Fact]
    public void Little_endian_forms_keep_the_leftmost_pixel_in_the_low_bits() =>
        Assert.Equal([0xFF000000u, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu], Convert([0x0000_0001u], 4, 1, 1, msb: false));

    [Fact]
    public void Two_and_four_bit_pixels_index_the_palette()
    {
        // 2 bits: white(0) black(1) opaque white(2) half grey(3)
        Assert.Equal([0xFFFFFFFFu, 0xFF000000u, 0xFFFFFFFFu, 0xFF808080u], Convert([0x1B00_0000u], 4, 1, 2));
        // 4 bits: red(4) green(5) blue(6) cyan(7)
        Assert.Equal([0xFFFF0000u, 0xFF00FF00u, 0xFF0000FFu, 0xFF00FFFFu], Convert([0x4567_0000u], 4, 1, 4));
    }

    [Fact]
    public void Eight_bit_pixels_use_squeaks_colour_cube_and_greys()
    {
        // Index 40 + 36r + 6b + g with components in fifths of 255.
        var cube = 40 + 36 * 5 + 6 * 0 + 3;   // red 5, green 3, blue 0
        Assert.Equal([0xFFFF9900u, 0xFF000000u, 0xFF080808u, 0xFFFFFFFFu], Convert([(uint)cube << 24 | 1u << 16 | 16u << 8 | 255u], 4, 1, 8));
    }

    [Fact]
    public void Sixteen_bit_pixels_shift_each_five_bit_component_up_by_three()
    {
        // 0x7C00 red, 0x0001 the smallest blue (shown as 0,0,8), in both pixel orders.
        Assert.Equal([0xFFF80000u, 0xFF000008u], Convert([0x7C00_0001u], 2, 1, 16));
        Assert.Equal([0xFF000008u, 0xFFF80000u], Convert([0x7C00_0001u], 2, 1, 16, msb: false));
    }

    [Fact]
    public void Thirty_two_bit_pixels_are_opaque_rgb() =>
        Assert.Equal([0xFF123456u, 0xFFABCDEFu], Convert([0x00123456u, 0x80ABCDEFu], 2, 1, 32));

    [Fact]
    public void Every_depth_and_order_agrees_with_a_pixel_by_pixel_model_on_any_rectangle()
    {
        var random = new Random(7);
        foreach (var depth in new[] { 1, 2, 4, 8, 16, 32 })
            foreach (var msb in new[] { true, false })
                for (var round = 0; round < 20; round++)
                {
                    int w = random.Next(1, 70), h = random.Next(1, 5);
                    var form = new Surface(Enumerable.Range(0, (w * depth + 31) / 32 * h).Select(_ => (uint)random.Next() ^ (uint)random.Next() << 16).ToArray(), w, h, depth, msb);
                    int l = random.Next(w), t = random.Next(h);
                    var area = new PixelRect(l, t, random.Next(l + 1, w + 1), random.Next(t + 1, h + 1));
                    var dest = new uint[w * h];
                    FormPixels.Convert(form, area, dest, w);
                    for (var y = 0; y < h; y++)
                        for (var x = 0; x < w; x++)
                        {
                            var inside = x >= area.Left && x < area.Right && y >= area.Top && y < area.Bottom;
                            Assert.Equal(inside ? Model(form.PixelAt(x, y), depth) : 0u, dest[y * w + x]);
                        }
                }

        static uint Model(uint p, int depth) => depth switch
        {
            32 => p | 0xFF000000u,
            16 => 0xFF000000u | ((p >> 10) & 31) << 19 | ((p >> 5) & 31) << 11 | (p & 31) << 3,
            _ => SqueakPalette.Argb[p],
        };
    }

    [Fact]
    public void Only_the_requested_area_is_converted()
    {
        var dest = new uint[4 * 2];
        FormPixels.Convert(new Surface([0xFFFFFFFFu, 0xFFFFFFFFu], 4, 2, 1), new PixelRect(1, 1, 3, 2), dest, 4);
        Assert.Equal([0u, 0, 0, 0, 0, 0xFF000000u, 0xFF000000u, 0], dest);
    }

    private static Value Form(uint[] bits, int w, int h, int depth)
    {
        var cls = new PointersObject(null!, 0, 0, []);
        return new PointersObject(cls, 0, 1, [new WordsObject(cls, 0, 10, bits), Value.SmallInt(w), Value.SmallInt(h), Value.SmallInt(depth)]);
    }

    [Fact]
    public void The_screen_reports_only_what_changed_and_follows_the_forms_size()
    {
        var screen = new Screen();
        var bits = new uint[64 * 10];
        var form = Form(bits, 64, 10, 32);
        Assert.True(screen.Show(form, new PixelRect(5, 5, 6, 6)));
        lock (screen.Sync) Assert.Equal(PixelRect.Sized(64, 10), screen.TakeChanges());   // a new size: everything
        Assert.True(screen.Show(form, new PixelRect(5, 5, 7, 8)));
        lock (screen.Sync) Assert.True(screen.TakeChanges().IsEmpty);                     // shown, but no pixel differs
        bits[6 * 64 + 6] = 0x123456;
        bits[5 * 64 + 5] = 0x654321;
        bits[9 * 64 + 9] = 0x111111;                                                       // outside the area: not shown yet
        Assert.True(screen.Show(form, new PixelRect(5, 5, 7, 8)));
        lock (screen.Sync) Assert.Equal(new PixelRect(5, 5, 7, 7), screen.TakeChanges());
        lock (screen.Sync) Assert.True(screen.TakeChanges().IsEmpty);
        Assert.Equal(0xFF123456u, screen.Pixels[6 * 64 + 6]);
        Assert.Equal(0xFF000000u, screen.Pixels[9 * 64 + 9]);                             // as first shown
        bits[1 * 64 + 1] = 1;
        bits[3 * 64 + 11] = 2;
        screen.NoteDrawn(new PixelRect(1, 1, 2, 2));
        screen.NoteDrawn(new PixelRect(10, 3, 12, 4));
        Assert.True(screen.ShowDrawn(form));
        lock (screen.Sync) Assert.Equal(new PixelRect(1, 1, 12, 4), screen.TakeChanges());
    }

    [Fact]
    public void Showing_converts_the_changed_words_and_keeps_the_screen_equal_to_the_form()
    {
        var random = new Random(11);
        foreach (var depth in new[] { 1, 4, 8, 16, 32 })
        {
            var screen = new Screen();
            int w = 1 + random.Next(90), h = 1 + random.Next(12);
            var pitch = (w * depth + 31) / 32;
            var bits = new uint[pitch * h];
            var form = Form(bits, w, h, depth);
            for (var round = 0; round < 200; round++)
            {
                for (var k = random.Next(4); k > 0; k--) bits[random.Next(bits.Length)] = (uint)random.Next() ^ (uint)random.Next() << 16;
                int l = random.Next(w), t = random.Next(h);
                var area = new PixelRect(l, t, random.Next(l + 1, w + 1), random.Next(t + 1, h + 1));
                var before = (uint[])screen.Pixels.Clone();
                Assert.True(screen.Show(form, area));
                PixelRect changes;
                lock (screen.Sync) changes = screen.TakeChanges();
                var expected = Converted(bits, w, h, depth);
                for (var y = 0; y < h; y++)
                    for (var x = 0; x < w; x++)
                    {
                        var i = y * w + x;
                        if (x >= area.Left && x < area.Right && y >= area.Top && y < area.Bottom) Assert.Equal(expected[i], screen.Pixels[i]);
                        if (before.Length == screen.Pixels.Length && before[i] != screen.Pixels[i])
                            Assert.True(x >= changes.Left && x < changes.Right && y >= changes.Top && y < changes.Bottom, $"depth {depth}: ({x},{y}) changed outside {changes}");
                    }
            }
            Assert.True(screen.Show(form, PixelRect.Sized(w, h)));
            Assert.Equal(Converted(bits, w, h, depth), screen.Pixels);
        }

        static uint[] Converted(uint[] bits, int w, int h, int depth)
        {
            var all = new uint[w * h];
            FormPixels.Convert(new Surface(bits, w, h, depth), PixelRect.Sized(w, h), all, w);
            return all;
        }
    }

    [Fact]
    public void A_new_display_form_of_the_same_size_is_shown_whole()
    {
        var screen = new Screen();
        Assert.True(screen.Show(Form(new uint[8 * 4], 8, 4, 32), PixelRect.Sized(8, 4)));
        lock (screen.Sync) screen.TakeChanges();
        var other = new uint[8 * 4];
        other[0] = 0xABCDEF;
        Assert.True(screen.Show(Form(other, 8, 4, 32), new PixelRect(3, 3, 4, 4)));
        lock (screen.Sync) Assert.Equal(PixelRect.Sized(8, 4), screen.TakeChanges());
        Assert.Equal(0xFFABCDEFu, screen.Pixels[0]);
    }

    [Fact]
    public void Drawing_while_updates_are_deferred_shows_only_what_the_image_shows_itself()
    {
        var screen = new Screen();
        var bits = new uint[64 * 10];
        var form = Form(bits, 64, 10, 32);
        Assert.True(screen.Show(form, PixelRect.Sized(64, 10)));
        lock (screen.Sync) screen.TakeChanges();
        screen.DeferUpdates = true;
        Array.Fill(bits, 0x808080u);
        screen.NoteDrawn(new PixelRect(0, 0, 60, 9));     // a whole frame drawn in the hidden Display
        Assert.False(screen.HasDrawnArea);
        Assert.True(screen.Show(form, new PixelRect(2, 2, 4, 4)));   // primitive 127 for the damage
        lock (screen.Sync) Assert.Equal(new PixelRect(2, 2, 4, 4), screen.TakeChanges());
        screen.NoteReplaced(PixelRect.Sized(64, 10));     // a new Display form shows whole even so
        Assert.True(screen.HasDrawnArea);
        screen.DeferUpdates = false;
        screen.NoteDrawn(new PixelRect(1, 1, 2, 2));
        Assert.True(screen.ShowDrawn(form));
        lock (screen.Sync) Assert.Equal(PixelRect.Sized(64, 10), screen.TakeChanges());   // all it drew, shown now
    }

    [Fact]
    public void Forms_that_are_not_displayable_are_refused_not_crashed_on()
    {
        var screen = new Screen();
        Assert.False(screen.Show(Value.SmallInt(3), PixelRect.Sized(1, 1)));
        Assert.False(screen.Show(Form(new uint[1], 1000, 1000, 32), PixelRect.Sized(1, 1)));   // bits too short
        Assert.False(screen.Show(Form(new uint[100], 10, 10, 3), PixelRect.Sized(1, 1)));      // no such depth
        Assert.False(screen.Show(Form(new uint[1], -5, 10, 32), PixelRect.Sized(1, 1)));
    }

    [Fact]
    public void A_png_of_the_screen_reads_back_as_the_same_pixels()
    {
        var pixels = Enumerable.Range(0, 7 * 3).Select(i => 0xFF000000u | (uint)(i * 0x0A0B0C)).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"imageaot-png-{Guid.NewGuid():N}.png");
        try
        {
            PngWriter.Write(path, pixels, 7, 3);
            var png = PngReader.Read(path);
            Assert.Equal((7, 3), (png.Width, png.Height));
            for (var i = 0; i < pixels.Length; i++) Assert.Equal(pixels[i] & 0xFFFFFF, png.Rgb(i % 7, i / 7));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_cursor_shows_set_bits_black_and_the_mask_white_around_them()
    {
        var bits = new uint[] { 0x8000_0000u, 0 };
        var mask = new uint[] { 0xC000_0000u, 0 };
        var argb = new CursorImage(2, 2, bits, mask, 0, 0).ToArgb();
        Assert.Equal([0xFF000000u, 0xFFFFFFFFu, 0u, 0u], argb);
    }
}
