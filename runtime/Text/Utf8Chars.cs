namespace ImageAot.Runtime.Text;

/// <summary>
/// The characters of a UTF-8 byte string, counted as Scratch's Unicode plugin counts them: the
/// lead byte alone says how many bytes a character takes (110xxxxx two, 1110xxxx three,
/// 11110xxx four, anything else one), so the number of x-ranges answered always matches the
/// plugin's count even for malformed text. A sequence that does not decode is U+FFFD.
/// </summary>
public static class Utf8Chars
{
    public const int Replacement = 0xFFFD;

    public static int[] Decode(ReadOnlySpan<byte> utf8)
    {
        var chars = new List<int>(utf8.Length);
        var i = 0;
        while (i < utf8.Length)
        {
            var lead = utf8[i];
            var length = (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;
            chars.Add(DecodeOne(utf8.Slice(i, Math.Min(length, utf8.Length - i)), length));
            i += length;
        }
        return chars.ToArray();
    }

    private static int DecodeOne(ReadOnlySpan<byte> bytes, int length)
    {
        if (length == 1) return bytes[0] < 0x80 ? bytes[0] : Replacement;
        if (bytes.Length < length) return Replacement;
        var value = bytes[0] & (0x7F >> length);
        for (var k = 1; k < length; k++)
        {
            if ((bytes[k] & 0xC0) != 0x80) return Replacement;
            value = value << 6 | (bytes[k] & 0x3F);
        }
        var shortest = length switch { 2 => 0x80, 3 => 0x800, _ => 0x10000 };
        return value < shortest || value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF ? Replacement : value;
    }
}
