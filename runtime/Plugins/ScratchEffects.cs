namespace ImageAot.Runtime.Plugins;

/// <summary>
/// Scratch 1.4's graphic effects on 32-bit pixel words (0xAARRGGBB, row by row).
/// Scratch's convention: a word whose RGB is 0 is transparent, so a computed colour that comes
/// out black is nudged to RGB 1 to stay visible. The original plugin dropped the alpha byte;
/// here each result keeps (or blends) the alpha of the pixels it came from, so forms that carry
/// alpha stay opaque while forms with alpha 0 come out exactly as before.
/// Callers check sizes; these methods trust their arguments.
/// </summary>
public static class ScratchEffects
{
    private const uint RgbMask = 0x00FFFFFF;
    private const uint AlphaMask = 0xFF000000;

    // The plugin's fixed point: coordinates carry 10 fraction bits.
    public const int FixedOne = 1024;

    private static bool IsTransparent(uint pixel) => (pixel & RgbMask) == 0;

    /// <summary>Hue 0..359 degrees, saturation and brightness 0..1000, in the plugin's integer arithmetic.</summary>
    public static (int Hue, int Saturation, int Brightness) ToHsv(uint pixel)
    {
        int r = (int)(pixel >> 16) & 255, g = (int)(pixel >> 8) & 255, b = (int)pixel & 255;
        var max = Math.Max(r, Math.Max(g, b));
        var min = Math.Min(r, Math.Min(g, b));
        var brightness = max * 1000 / 255;
        var saturation = max == 0 ? 0 : (max - min) * 1000 / max;
        return (HueOf(r, g, b, min, max), saturation, brightness);
    }

    private static int HueOf(int r, int g, int b, int min, int max)
    {
        var span = max - min;
        if (span == 0) return 0;
        // Integer division truncates toward zero as the C original did, so hues match it exactly.
        int hue;
        if (r == max) hue = 60 * (g - b) / span;
        else if (g == max) hue = 120 + 60 * (b - r) / span;
        else hue = 240 + 60 * (r - g) / span;
        return hue < 0 ? hue + 360 : hue;
    }

    /// <summary>The RGB of a hue (0..359), saturation and brightness (0..1000); never 0, which would read as transparent.</summary>
    public static uint FromHsv(int hue, int saturation, int brightness)
    {
        var sector = hue / 60;
        var within = hue % 60;
        // 3922 = 1000 * 1000 / 255 (rounded): takes a 0..1000 x 0..1000 product to 0..255.
        var top = brightness * 1000 / 3922;
        var bottom = (1000 - saturation) * brightness / 3922;
        var falling = (1000 - saturation * within / 60) * brightness / 3922;
        var rising = (1000 - saturation * (60 - within) / 60) * brightness / 3922;
        var (r, g, b) = sector switch
        {
            0 => (top, rising, bottom),
            1 => (falling, top, bottom),
            2 => (bottom, top, rising),
            3 => (bottom, falling, top),
            4 => (rising, bottom, top),
            _ => (top, bottom, falling),
        };
        var rgb = (uint)((r << 16) | (g << 8) | b);
        return rgb == 0 ? 1 : rgb;
    }

    /// <summary>Rotates each visible pixel's hue; very dark or grey pixels first get a minimum of colour so a shift shows on them.</summary>
    public static void ShiftHue(ReadOnlySpan<uint> input, Span<uint> output, int degrees)
    {
        var turn = (int)(((long)degrees % 360 + 360) % 360);
        for (var i = 0; i < input.Length; i++)
        {
            var pixel = input[i];
            if (IsTransparent(pixel)) continue;
            var (hue, saturation, brightness) = ToHsv(pixel);
            var lifted = false;
            if (brightness < 110) { brightness = 110; saturation = 1000; lifted = true; }
            if (saturation < 90) { saturation = 90; lifted = true; }
            if (lifted) hue = 0;
            output[i] = (pixel & AlphaMask) | FromHsv((hue + turn) % 360, saturation, brightness);
        }
    }

    /// <summary>Adds shift * 10 to each visible pixel's brightness (0..1000), so shift runs -100..100.</summary>
    public static void ShiftBrightness(ReadOnlySpan<uint> input, Span<uint> output, int shift)
    {
        for (var i = 0; i < input.Length; i++)
        {
            var pixel = input[i];
            if (IsTransparent(pixel)) continue;
            var (hue, saturation, brightness) = ToHsv(pixel);
            var shifted = (int)Math.Clamp(brightness + 10L * shift, 0, 1000);
            output[i] = (pixel & AlphaMask) | FromHsv(hue, saturation, shifted);
        }
    }

    /// <summary>Adds shift * 10 to the saturation of coloured pixels; grey ones (and RGB 1, the "visible black") are left as the output had them.</summary>
    public static void ShiftSaturation(ReadOnlySpan<uint> input, Span<uint> output, int shift)
    {
        for (var i = 0; i < input.Length; i++)
        {
            var pixel = input[i];
            if ((pixel & RgbMask) < 2) continue;
            var (hue, saturation, brightness) = ToHsv(pixel);
            if (saturation == 0) continue;
            var shifted = (int)Math.Clamp(saturation + 10L * shift, 0, 1000);
            output[i] = (pixel & AlphaMask) | FromHsv(hue, shifted, brightness);
        }
    }

    /// <summary>Each inner pixel becomes the average of the visible pixels of its 3x3 neighbourhood; the border rows and columns are not written.</summary>
    public static void Blur(ReadOnlySpan<uint> input, Span<uint> output, int width)
    {
        var height = input.Length / width;
        for (var y = 1; y < height - 1; y++)
        for (var x = 1; x < width - 1; x++)
        {
            int n = 0, a = 0, r = 0, g = 0, b = 0;
            for (var dy = -1; dy <= 1; dy++)
            for (var dx = -1; dx <= 1; dx++)
            {
                var p = input[(y + dy) * width + x + dx];
                if (IsTransparent(p)) continue;
                n++;
                a += (int)(p >> 24);
                r += (int)(p >> 16) & 255;
                g += (int)(p >> 8) & 255;
                b += (int)p & 255;
            }
            output[y * width + x] = n == 0 ? 0 : Pack(a / n, r / n, g / n, b / n);
        }
    }

    private static uint Pack(int a, int r, int g, int b)
    {
        var rgb = (uint)((r << 16) | (g << 8) | b);
        return ((uint)a << 24) | (rgb == 0 ? 1 : rgb);
    }

    /// <summary>Mixes two pixels, <paramref name="weight2"/>/1024 of the second; a transparent one gives way to the other rather than darkening it.</summary>
    public static uint Blend(uint p1, uint p2, int weight2)
    {
        if (IsTransparent(p1)) return p2;
        if (IsTransparent(p2)) return p1;
        var weight1 = FixedOne - weight2;
        int Mix(int shift) => (int)((weight1 * ((p1 >> shift) & 255) + weight2 * ((p2 >> shift) & 255)) / FixedOne);
        return Pack(Mix(24), Mix(16), Mix(8), Mix(0));
    }

    /// <summary>
    /// The bilinear sample at a fixed-point position (10 fraction bits). Outside the form it is
    /// transparent (0), except within one pixel before the first row or column, which reads the edge.
    /// </summary>
    public static uint Interpolate(ReadOnlySpan<uint> bits, long xFixed, long yFixed, int width, int height)
    {
        var x = xFixed >> 10;
        var y = yFixed >> 10;
        if (x < -1 || x >= width || y < -1 || y >= height) return 0;
        var xFrac = (int)(xFixed & 1023);
        var yFrac = (int)(yFixed & 1023);
        if (x == -1) { x = 0; xFrac = 0; }
        if (y == -1) { y = 0; yFrac = 0; }
        if (x == width - 1) xFrac = 0;
        if (y == height - 1) yFrac = 0;
        var index = (int)(y * width + x);
        var top = Row(bits, index, xFrac);
        if (yFrac == 0) return top;
        return Blend(top, Row(bits, index + width, xFrac), yFrac);
    }

    private static uint Row(ReadOnlySpan<uint> bits, int index, int xFrac) =>
        xFrac == 0 ? bits[index] : Blend(bits[index], bits[index + 1], xFrac);

    private static long ToFixed(double coordinate) => (long)Math.Round(coordinate * FixedOne);

    /// <summary>
    /// Fisheye lens over the ellipse inscribed in the form: a point at normalised distance d samples
    /// the source at distance d^(power/100) in the same direction. power 100 is the identity; more
    /// magnifies the centre, less shrinks it. Outside the ellipse the pixel is copied.
    /// </summary>
    public static void Fisheye(ReadOnlySpan<uint> input, Span<uint> output, int width, int power)
    {
        var height = input.Length / width;
        int centerX = width / 2, centerY = height / 2;
        if (centerX == 0 || centerY == 0) { input.CopyTo(output); return; }
        var exponent = power / 100.0;
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var dx = (x - centerX) / (double)centerX;
            var dy = (y - centerY) / (double)centerY;
            var distance = Math.Pow(Math.Sqrt(dx * dx + dy * dy), exponent);
            long srcX = (long)x * FixedOne, srcY = (long)y * FixedOne;
            if (distance <= 1.0)
            {
                var angle = Math.Atan2(dy, dx);
                // Rounding, not truncating, keeps power 100 an exact identity despite cos/sin rounding.
                srcX = ToFixed(centerX + distance * Math.Cos(angle) * centerX);
                srcY = ToFixed(centerY + distance * Math.Sin(angle) * centerY);
            }
            output[y * width + x] = Interpolate(input, srcX, srcY, width, height);
        }
    }

    /// <summary>
    /// Twists the circle (stretched to the form's aspect) around the centre: the centre turns by
    /// <paramref name="degrees"/>, the rim not at all, with the square of the distance in between.
    /// Pixels outside the circle are not written.
    /// </summary>
    public static void Whirl(ReadOnlySpan<uint> input, Span<uint> output, int width, int degrees)
    {
        var height = input.Length / width;
        int centerX = width / 2, centerY = height / 2;
        if (centerX == 0 || centerY == 0) return;
        var radius = Math.Min(centerX, centerY);
        var scaleX = centerX < centerY ? (double)centerY / centerX : 1.0;
        var scaleY = centerY < centerX ? (double)centerX / centerY : 1.0;
        var whirl = -Math.PI * degrees / 180.0;
        var radiusSquared = (double)radius * radius;
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var dx = scaleX * (x - centerX);
            var dy = scaleY * (y - centerY);
            var d = dx * dx + dy * dy;
            if (d >= radiusSquared) continue;
            var falloff = 1.0 - Math.Sqrt(d) / radius;
            var angle = whirl * falloff * falloff;
            double sin = Math.Sin(angle), cos = Math.Cos(angle);
            var srcX = ToFixed((cos * dx - sin * dy) / scaleX + centerX);
            var srcY = ToFixed((sin * dx + cos * dy) / scaleY + centerY);
            output[y * width + x] = Interpolate(input, srcX, srcY, width, height);
        }
    }

    /// <summary>Writes each input pixel as a 2x2 block into the output at (dstX, dstY).</summary>
    public static void DoubleSize(ReadOnlySpan<uint> input, int inW, int inH, Span<uint> output, int outW, int dstX, int dstY)
    {
        for (var y = 0; y < inH; y++)
        {
            var row = (dstY + 2 * y) * outW + dstX;
            for (var x = 0; x < inW; x++)
            {
                var p = input[y * inW + x];
                var i = row + 2 * x;
                output[i] = output[i + 1] = output[i + outW] = output[i + outW + 1] = p;
            }
        }
    }

    /// <summary>Each output pixel of the dstW x dstH rectangle at (dstX, dstY) is the channel-wise mean of a 2x2 input block starting at (srcX, srcY).</summary>
    public static void HalfSizeAverage(ReadOnlySpan<uint> input, int inW, Span<uint> output, int outW,
        int srcX, int srcY, int dstX, int dstY, int dstW, int dstH)
    {
        for (var y = 0; y < dstH; y++)
        {
            var src = (srcY + 2 * y) * inW + srcX;
            var dst = (dstY + y) * outW + dstX;
            for (var x = 0; x < dstW; x++, src += 2, dst++)
                output[dst] = Mean(input[src], input[src + 1], input[src + inW], input[src + inW + 1]);
        }
    }

    private static uint Mean(uint p1, uint p2, uint p3, uint p4)
    {
        uint result = 0;
        for (var shift = 0; shift < 32; shift += 8)
        {
            var sum = ((p1 >> shift) & 255) + ((p2 >> shift) & 255) + ((p3 >> shift) & 255) + ((p4 >> shift) & 255);
            result |= (sum / 4) << shift;
        }
        return result;
    }

    /// <summary>Like <see cref="HalfSizeAverage"/> but averages only the top-left and bottom-right pixels of each block (cheaper, keeps diagonal lines crisp).</summary>
    public static void HalfSizeDiagonal(ReadOnlySpan<uint> input, int inW, Span<uint> output, int outW,
        int srcX, int srcY, int dstX, int dstY, int dstW, int dstH)
    {
        for (var y = 0; y < dstH; y++)
        {
            var src = (srcY + 2 * y) * inW + srcX;
            var dst = (dstY + y) * outW + dstX;
            for (var x = 0; x < dstW; x++, src += 2, dst++)
            {
                uint p1 = input[src], p2 = input[src + inW + 1], result = 0;
                for (var shift = 0; shift < 32; shift += 8)
                    result |= ((((p1 >> shift) & 255) + ((p2 >> shift) & 255)) / 2) << shift;
                output[dst] = result;
            }
        }
    }

    /// <summary>
    /// Bilinear resize of a whole form. Transparent corners borrow a visible neighbour's colour, and
    /// an output pixel is transparent when about half or more of its weight fell on transparent pixels.
    /// </summary>
    public static void Scale(ReadOnlySpan<uint> input, int inW, int inH, Span<uint> output, int outW, int outH)
    {
        long xStep = (long)inW * FixedOne / outW, yStep = (long)inH * FixedOne / outH;
        long inY = 0;
        for (var outY = 0; outY < outH; outY++, inY += yStep)
        {
            long inX = 0;
            for (var outX = 0; outX < outW; outX++, inX += xStep)
            {
                long fx = inX & 1023, fy = inY & 1023;
                long w1 = (FixedOne - fx) * (FixedOne - fy), w2 = fx * (FixedOne - fy), w3 = (FixedOne - fx) * fy, w4 = fx * fy;
                int col = (int)(inX >> 10), row = (int)(inY >> 10);
                var t = row * inW + col;
                var hasRight = col < inW - 1;
                uint p1 = input[t], p2 = hasRight ? input[t + 1] : p1;
                if (row < inH - 1) t += inW;
                uint p3 = input[t], p4 = hasRight ? input[t + 1] : p3;
                long hidden = 0;
                if (IsTransparent(p1)) { p1 = p2; hidden += w1; }
                if (IsTransparent(p2)) { p2 = p1; hidden += w2; }
                if (IsTransparent(p3)) { p3 = p4; hidden += w3; }
                if (IsTransparent(p4)) { p4 = p3; hidden += w4; }
                if (IsTransparent(p1)) { p1 = p3; p2 = p4; }
                if (IsTransparent(p3)) { p3 = p1; p4 = p2; }
                if (hidden >= FixedOne * FixedOne / 2)
                {
                    output[outY * outW + outX] = 0;
                    continue;
                }
                int Mix(int shift) => (int)((w1 * ((p1 >> shift) & 255) + w2 * ((p2 >> shift) & 255)
                    + w3 * ((p3 >> shift) & 255) + w4 * ((p4 >> shift) & 255)) >> 20);
                output[outY * outW + outX] = Pack(Mix(24), Mix(16), Mix(8), Mix(0));
            }
        }
    }

    /// <summary>
    /// One step of the water-ripple simulation. <paramref name="current"/> and <paramref name="previous"/>
    /// are the two height fields (one double per pixel) Scratch keeps between frames: random drops
    /// (up to dropNum/2) are added, the wave is propagated and damped, the fields swap, and the
    /// image is displaced by the field's slope.
    /// </summary>
    public static void WaterRipples(ReadOnlySpan<uint> input, Span<uint> output, int width, int dropNum,
        Span<double> current, Span<double> previous, Random random)
    {
        var height = input.Length / width;
        var drops = dropNum > 0 ? random.Next(dropNum) - 1 : -1;
        for (var t = 0; t < drops / 2; t++)
        {
            int x = random.Next(width), y = random.Next(height), power = random.Next(8);
            for (var g = -4; g <= 4; g++)
            for (var h = -4; h <= 4; h++)
            {
                var dist = g * g + h * h;
                if (dist is 0 or >= 25) continue;
                int px = x + g, py = y + h;
                if (px > 0 && py > 0 && py < height && px < width)
                    current[py * width + px] = power * (1.0 - dist / 25.0);
            }
        }
        for (var x = 1; x < width - 1; x++)
        for (var y = 1; y < height - 1; y++)
        {
            var v = y * width + x;
            var around = previous[v + 1] + previous[v - 1] + previous[v + width] + previous[v - width]
                + (previous[v - 1 - width] + previous[v - 1 + width] + previous[v + 1 - width] + previous[v + 1 + width]) / 2;
            current[v] = (around / 4 - current[v]) * 0.9;
        }
        var all = width * height;
        for (var q = 0; q < all; q++) (current[q], previous[q]) = (previous[q], current[q]);
        for (var j = 0; j < height; j++)
        for (var i = 0; i < width; i++)
        {
            var here = j * width + i;
            var pixel = input[here];
            if (i > 1 && i < width - 1 && j > 1 && j < height - 1)
            {
                // The field's horizontal slope moves pixels visibly; the vertical one is divided
                // down as in Scratch, so the ripples read as horizontal shimmer.
                var shiftX = Math.Clamp((current[here + 1] - current[here - 1]) * 64, -2, 2);
                var shiftY = Math.Clamp((current[here + width] - current[here - width]) / 64, -2, 2);
                var from = (long)((j + shiftY) * width + (i + shiftX));
                if (from >= 0 && from < all) pixel = input[(int)from];
            }
            output[here] = pixel;
        }
    }
}
