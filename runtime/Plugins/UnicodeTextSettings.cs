using ImageAot.Runtime.Text;

namespace ImageAot.Runtime.Plugins;

/// <summary>
/// What the UnicodePlugin remembers between calls, one per interpreter: the font and colours
/// last set (the C plugin keeps them in globals) and the last line laid out, since Scratch
/// measures a string and then draws the same string in the same font straight away.
/// </summary>
public sealed class UnicodeTextSettings
{
    // The plugin's own default until the image sets a font.
    private string family = "Verdana";
    private int pixelSize = 18;
    private bool bold, italic, antialias = true;
    private TextFont? font;

    public TextColours Colours = TextColours.Initial;

    private TextLine? lastLine;
    private byte[]? lastText;
    private TextFont? lastFont;

    public void SetFont(string name, int size, bool isBold, bool isItalic, bool isAntialiased)
    {
        (family, pixelSize, bold, italic, antialias) = (name, size, isBold, isItalic, isAntialiased);
        font = null;
    }

    public TextFont Font => font ??= HostFonts.Resolve(family, pixelSize, bold, italic, antialias);

    /// <summary>The line for <paramref name="utf8"/> in the current font.</summary>
    public TextLine Lay(byte[] utf8)
    {
        var current = Font;
        if (lastLine is not null && lastText is not null && ReferenceEquals(lastFont, current) && utf8.AsSpan().SequenceEqual(lastText))
            return lastLine;
        lastLine = new TextLine(current, utf8);
        lastText = (byte[])utf8.Clone();
        lastFont = current;
        return lastLine;
    }
}
