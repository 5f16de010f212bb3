using ImageAot.Runtime.Graphics;

namespace ImageAot.Runtime.Display;

/// <summary>
/// A copy of the Display form's words as they were when last converted, so that showing an area
/// converts only the words that changed since: Morphic shows a stepping morph's whole bounds every
/// cycle, while only a few of its pixels move (Squeak 2.2's BouncingAtomsMorph: 100,000 pixels
/// shown a cycle, a few hundred changed). Comparing words costs far less than converting pixels,
/// and the area handed to the window shrinks to what really changed.
/// </summary>
public sealed class ShownWords
{
    private uint[] words = [];
    /// <summary>The form's bitmap the copy is of (its ByteArray for a form with byte bits, whose words are a fresh copy each time).</summary>
    private object? source;
    private int width, height, depth;
    private bool msb;

    /// <summary>
    /// Converts the words of <paramref name="area"/> that differ from the copy (all of the form when
    /// it is not the one last shown) into <paramref name="dest"/>; answers the pixels it converted,
    /// which may reach a little outside the area to whole words.
    /// </summary>
    public PixelRect Convert(in Surface form, PixelRect area, uint[] dest, int destStride)
    {
        var whole = PixelRect.Sized(form.Width, form.Height);
        if (!IsCopyOf(form))
        {
            FormPixels.Convert(form, whole, dest, destStride);
            var count = form.Pitch * form.Height;
            if (words.Length != count) words = new uint[count];
            Array.Copy(form.Bits, words, count);
            (source, width, height, depth, msb) = (form.ByteBits ?? (object)form.Bits, form.Width, form.Height, form.Depth, form.Msb);
            return whole;
        }
        area = area.Intersect(whole);
        if (area.IsEmpty) return PixelRect.Empty;
        var perWord = form.PixelsPerWord;
        var firstWord = area.Left / perWord;
        var wordCount = (area.Right + perWord - 1) / perWord - firstWord;
        int left = int.MaxValue, right = 0, top = -1, bottom = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            var now = form.Bits.AsSpan(y * form.Pitch + firstWord, wordCount);
            var before = words.AsSpan(y * form.Pitch + firstWord, wordCount);
            var first = now.CommonPrefixLength(before);
            if (first == wordCount) continue;
            var end = wordCount;
            while (now[end - 1] == before[end - 1]) end--;
            // Each run of differing words between the first and the last: moving morphs leave the words between them as they were.
            for (var run = first; run < end;)
            {
                var runEnd = run + 1;
                while (runEnd < end && now[runEnd] != before[runEnd]) runEnd++;
                now[run..runEnd].CopyTo(before[run..]);
                FormPixels.Convert(form, new PixelRect((firstWord + run) * perWord, y, Math.Min(form.Width, (firstWord + runEnd) * perWord), y + 1), dest, destStride);
                run = runEnd + now[runEnd..end].CommonPrefixLength(before[runEnd..end]);
            }
            left = Math.Min(left, (firstWord + first) * perWord);
            right = Math.Max(right, Math.Min(form.Width, (firstWord + end) * perWord));
            if (top < 0) top = y;
            bottom = y + 1;
        }
        return top < 0 ? PixelRect.Empty : new PixelRect(left, top, right, bottom);
    }

    /// <summary>Forgets the copy: the next show converts the whole form.</summary>
    public void Forget() => source = null;

    private bool IsCopyOf(in Surface form) =>
        ReferenceEquals(source, form.ByteBits ?? (object)form.Bits) && width == form.Width && height == form.Height && depth == form.Depth && msb == form.Msb;
}
