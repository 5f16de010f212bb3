namespace ImageAot.Tests;

/// <summary>What a screenshot of Scratch 1.4 (1024x767) shows, by its colours.</summary>
public static class ScratchScreenFacts
{
    /// <summary>The light grey of the body of Scratch's dialogs (DialogBoxMorph: inform:, notices, questions).</summary>
    private const uint DialogBody = 0xDBDEE1;

    /// <summary>
    /// Whether one of Scratch's dialogs is open: they open centred on the screen, and their light
    /// grey body appears nowhere else there (the panes are darker grey, the stage any colour but
    /// rarely exactly this). A dialog with one line of text has about 20000 such pixels.
    /// </summary>
    public static bool ShowsADialog(string png)
    {
        var shot = PngReader.Read(png);
        var body = 0;
        for (var y = 200; y < 560; y++)
            for (var x = 250; x < 774; x++)
                if (shot.Rgb(x, y) == DialogBody) body++;
        return body > 5000;
    }
}
