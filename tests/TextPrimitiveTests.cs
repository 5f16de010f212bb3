using ImageAot.Runtime.Plugins;
using ImageAot.Runtime.Primitives;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// The text primitives, scanCharacters (103) and BitBltPlugin's primitiveDisplayString, against
/// the images' own Smalltalk: each expression runs once with the primitives (counting how often
/// they succeed) and once with them failing as on a VM without them, so the methods' fallback
/// code does the work, and must answer the same: the stop condition, destX, lastIndex (and in
/// Squeak 2 sourceX and width), line breaks, and a digest of every word of the forms drawn on.
/// </summary>
public class TextPrimitiveTests
{
    private const string Mini = "squeak2-mini.image", Cuis4 = "cuis4.1-reduced.image", Cuis5 = "cuis5.0-spur32.image";
    private const string DisplayString = "primitiveDisplayString";

    private sealed record Outcome(string Text, int Scans, int Strings);

    /// <summary>Evaluates the expressions in turn in one fresh image (globals carry results from one to the next) and answers the last one's printString.</summary>
    private static Outcome Run(string image, string[] exprs, bool primitives, bool compiled = false)
    {
        int scans = 0, strings = 0;
        var t = PrimitiveTable.CreateStandard();
        var scan = t.Numbered(103)!;
        var display = t.Named(BitBltPlugin.Module, DisplayString)!;
        if (primitives)
        {
            t.Add(103, (vm, n) => { var ok = scan(vm, n); if (ok) scans++; return ok; });
            t.AddNamed(BitBltPlugin.Module, DisplayString, (vm, n) => { var ok = display(vm, n); if (ok) strings++; return ok; });
        }
        else
        {
            t.Add(103, (_, _) => false);
            t.AddNamed(BitBltPlugin.Module, DisplayString, (_, _) => false);
        }
        var session = new SmalltalkSession(image, primitives: t, compiled: compiled ? RecompiledTierTests.BodiesFor(image) : null);
        var text = "";
        foreach (var expr in exprs) text = session.Print(expr);
        return new Outcome(text, scans, strings);
    }

    /// <summary>The answer with the primitives, after checking the fallback's is the same (and the recompiled tier's, when asked).</summary>
    private static Outcome Differential(string image, string expr, bool alsoCompiled = false) => Differential(image, [expr], alsoCompiled);

    private static Outcome Differential(string image, string[] exprs, bool alsoCompiled = false)
    {
        var with = Run(image, exprs, primitives: true);
        var without = Run(image, exprs, primitives: false);
        Assert.Equal(without.Text, with.Text);
        if (alsoCompiled) Assert.Equal(with.Text, Run(image, exprs, primitives: true, compiled: true).Text);
        return with;
    }

    /// <summary>A digest of a form's words (both runs compute it with the same Smalltalk).</summary>
    private const string Digest = @"(f bits inject: 0 into: [:acc :word | acc * 31 + word \\ 1000000007])";

    // Stop conditions as the images' scanners have them: space, tab and CR stop, and the two codes past the characters.
    private const string Stops = @"stops := Array new: 258. stops at: 33 put: #space; at: 10 put: #tab; at: 14 put: #cr; at: 257 put: #endOfRun; at: 258 put: #crossedX. "
        + @"tab := String with: 9 asCharacter. cr := String with: 13 asCharacter. ";

    /// <summary>
    /// Cases as {string. start. stop. rightX. kern. font} (Squeak 2 ignores kern): plain text to the
    /// end of the run, spaces, tabs and CRs, a run from the middle, an empty run, text crossing
    /// rightX at every pixel of a range (in the default font and in two whose baseKern is -1 and 1,
    /// passed as kern as the images' scanners do), a control character, characters past 127, a
    /// string that is an Array of characters (not bytes: the primitive fails). The expression
    /// defines font, font1, kern1, font2, kern2 and kerns, other kerns to try with the default font.
    /// </summary>
    private const string Cases = @"alphabet := 'abcdefghijklmnopqrstuvwxyz'. cases := OrderedCollection new. "
        + @"cases add: {'helloworld'. 1. 10. 1000. 0. font}; add: {'hello world'. 1. 11. 1000. 0. font}; add: {'hello' , tab , 'world'. 1. 11. 1000. 0. font}; "
        + @"add: {'hello' , cr , 'world'. 1. 11. 1000. 0. font}; add: {'hello world'. 7. 11. 1000. 0. font}; add: {'hello'. 4. 3. 1000. 0. font}; "
        + @"add: {(String with: 1 asCharacter) , 'abc'. 1. 4. 1000. 0. font}; add: {'a' , (String with: 200 asCharacter with: 210 asCharacter) , 'b'. 1. 4. 1000. 0. font}; "
        + @"add: {#($a $b $c). 1. 3. 1000. 0. font}. kerns do: [:k | cases add: {'helloworld'. 1. 10. 1000. k. font}]. "
        + @"30 to: 60 do: [:r | cases add: {alphabet. 1. 26. r. 0. font}; add: {alphabet. 3. 20. r. kern1. font1}; add: {alphabet. 3. 20. r. kern2. font2}. "
        + @"kerns do: [:k | cases add: {alphabet. 1. 26. r. k. font}]]. ";

    /// <summary>
    /// Cuis 4.1 and 5: CharacterScanner>>scanCharactersFrom:to:in:rightX:stopConditions:kern:, the
    /// receiver's font, xTable and map set as setFont sets them. Cuis 5's Smalltalk takes the kern
    /// from the font (its widthOf: adds baseKern) and ignores the argument, which its callers
    /// always make the font's baseKern, so it is tried only with that; Cuis 4.1 adds the argument
    /// (a TextKern's), so there other kerns are tried as well.
    /// </summary>
    private static string CuisScans(string kerns) => @"| font font1 kern1 font2 kern2 kerns stops tab cr alphabet cases scan sc | font := AbstractFont default. "
        + @"font1 := StrikeFont allInstances detect: [:f | f baseKern = -1]. kern1 := -1. font2 := StrikeFont allInstances detect: [:f | f baseKern = 1]. kern2 := 1. "
        + $"kerns := {kerns}. " + Stops + Cases
        + @"scan := [:c | sc := CharacterScanner new. sc instVarNamed: 'font' put: (c at: 6); instVarNamed: 'xTable' put: (c at: 6) xTable; "
        + @"instVarNamed: 'map' put: (c at: 6) characterToGlyphMap; instVarNamed: 'destX' put: 7; instVarNamed: 'lastIndex' put: 0. "
        + @"{sc scanCharactersFrom: (c at: 2) to: (c at: 3) in: (c at: 1) rightX: (c at: 4) stopConditions: stops kern: (c at: 5). sc instVarNamed: 'destX'. sc instVarNamed: 'lastIndex'}]. "
        + @"(cases collect: [:c | scan value: c]) asArray";

    [Theory]
    [InlineData(Cuis4, "#(1 -1 2)")]
    [InlineData(Cuis5, "#()")]
    public void Scanning_answers_what_the_fallback_answers(string image, string kerns)
    {
        var r = Differential(image, CuisScans(kerns), alsoCompiled: true);
        // Plain text runs to the end; 'hello world' stops at its space, the tab and CR cases at theirs.
        Assert.StartsWith("#(#(#endOfRun ", r.Text);
        Assert.Contains("#(#space ", r.Text);
        Assert.Contains("#(#tab ", r.Text);
        Assert.Contains("#(#cr ", r.Text);
        Assert.Contains("#(#crossedX ", r.Text);
        Assert.True(r.Scans > 80, $"the primitive answered {r.Scans} of the scans");
    }

    [Fact]
    public void A_scanner_whose_xTable_is_not_its_fonts_is_left_to_the_fallback()
    {
        var expr = @"| font stops tab cr sc | font := AbstractFont default. " + Stops
            + @"sc := CharacterScanner new. sc instVarNamed: 'font' put: font; instVarNamed: 'xTable' put: font xTable copy; "
            + @"instVarNamed: 'map' put: font characterToGlyphMap; instVarNamed: 'destX' put: 0; instVarNamed: 'lastIndex' put: 0. "
            + @"{sc scanCharactersFrom: 1 to: 11 in: 'hello world' rightX: 1000 stopConditions: stops kern: 0. sc instVarNamed: 'destX'. sc instVarNamed: 'lastIndex'}";
        var r = Differential(Cuis5, expr);
        Assert.StartsWith("#(#space ", r.Text);
        Assert.Equal(0, r.Scans);
    }

    /// <summary>
    /// Squeak 2: ...stopConditions:displaying: on a DisplayScanner, which is a BitBlt: the same
    /// cases measured, then drawn into a 1-bit form with the rules over, reverse (xor: a glyph drawn
    /// twice would vanish) and paint, including glyphs clipped at the form's edge.
    /// </summary>
    [Fact]
    public void Squeak2_scanning_and_displaying_answer_what_the_fallback_answers()
    {
        // Squeak 2's compiler allows few temporaries and a shallow stack (block arguments are
        // the method's temporaries): the cases are made by one expression and scanned by the next.
        var setup = @"| font font1 kern1 font2 kern2 kerns stops tab cr alphabet cases | font := TextStyle default fontAt: 1. "
            + @"font1 := TextStyle default fontAt: 2. kern1 := 0. font2 := TextStyle default fontAt: 3. kern2 := 0. kerns := #(). " + Stops + Cases
            + @"Smalltalk at: #TextTestCases put: cases; at: #TextTestStops put: stops. cases size";
        var expr = @"| cases stops ix scan f sc out | cases := Smalltalk at: #TextTestCases. stops := Smalltalk at: #TextTestStops. "
            + @"ix := [:n | DisplayScanner allInstVarNames indexOf: n]. f := Form extent: 70@16 depth: 1. "
            + @"scan := [:c :display :rule | sc := DisplayScanner new. sc instVarAt: (ix value: 'xTable') put: (c at: 6) xTable; instVarAt: (ix value: 'stopConditions') put: stops. "
            + @"sc setDestForm: f. sc sourceForm: (c at: 6) glyphs; combinationRule: rule; destX: 7; destY: 2; height: (c at: 6) height; sourceOrigin: 0@0; clipRect: f boundingBox. "
            + @"out := OrderedCollection new. out add: (sc scanCharactersFrom: (c at: 2) to: (c at: 3) in: (c at: 1) rightX: (c at: 4) stopConditions: stops displaying: display). "
            + @"#('destX' 'lastIndex' 'sourceX' 'width') do: [:n | out add: (sc instVarAt: (ix value: n))]. out add: " + Digest + ". out asArray]. "
            + @"{(cases reject: [:c | (c at: 1) class == Array]) collect: [:c | scan value: c value: false value: Form over]. "
            + @"(cases reject: [:c | (c at: 1) class == Array]) collect: [:c | scan value: c value: true value: Form over]. "
            + @"(cases copyFrom: 1 to: 20) collect: [:c | scan value: c value: true value: Form reverse]. "
            + @"(cases copyFrom: 1 to: 4) collect: [:c | scan value: c value: true value: Form paint]}";
        var r = Differential(Mini, [setup, expr], alsoCompiled: true);
        // 'hello world' stops at its space (lastIndex 6), from destX 7 plus the width of 'hello'.
        Assert.Matches(@"\(space \d+ 6 ", r.Text);
        Assert.Contains("(crossedX ", r.Text);
        Assert.True(r.Scans > 150, $"the primitive answered {r.Scans} of the scans");
    }

    /// <summary>A paragraph of wrapped text with a tab and a CR, composed and displayed the image's own way, at several widths.</summary>
    [Theory]
    [InlineData(Mini, @"r := 0@0 extent: w@200. p := Paragraph withText: t asText style: TextStyle default compositionRectangle: r clippingRectangle: r foreColor: Color black backColor: Color white. "
        + @"f := Form extent: 100@120 depth: 1. p displayOn: f. lines := (1 to: p numberOfLines) collect: [:i | (p lines at: i) first -> (p lines at: i) last]. ")]
    [InlineData(Cuis4, @"p := Paragraph new. p setModel: (TextModel withText: t asText). p extentForComposing: w@9999. p composeAll. f := Form extent: 100@120 depth: 32. "
        + @"f getCanvas paragraph: p bounds: (0@0 extent: 100@120) color: Color black selectionColor: Color red. lines := p lines collect: [:l | l first -> l last]. ")]
    [InlineData(Cuis5, @"p := TextComposition new. p setModel: (TextModel withText: t asText). p extentForComposing: w@9999. p composeAll. f := Form extent: 100@120 depth: 32. "
        + @"f getCanvas textComposition: p bounds: (0@0 extent: 100@120) color: Color black selectionColor: Color red. lines := p lines collect: [:l | l first -> l last]. ")]
    public void A_composed_paragraph_breaks_and_draws_as_with_the_fallback(string image, string composeAndDraw)
    {
        var expr = @"| t r p f lines | t := 'Hello world, this is a longer text' , (String with: 9 asCharacter) , 'with a tab and' , (String with: 13 asCharacter) "
            + @", 'a new line and some more words to wrap around the margin.'. "
            + @"#(60 75 90) collect: [:w | " + composeAndDraw + "{lines asArray. " + Digest + "}]";
        var r = Differential(image, expr);
        Assert.True(r.Scans > 0, "scanCharacters never succeeded");
        if (image != Mini) Assert.True(r.Strings > 0, "primitiveDisplayString never succeeded");
    }

    /// <summary>
    /// Cuis: drawString through a canvas onto forms of 1, 8 and 32 bits, in several colours (so the
    /// BitBlt has a colour map and rules 34 and 37 come into play), at integer and Float positions,
    /// in a font with a non-zero baseKern (the kern argument), clipped at the form's edges, and an
    /// empty string.
    /// </summary>
    [Theory]
    [InlineData(Cuis4)]
    [InlineData(Cuis5)]
    public void Drawing_strings_gives_the_fallbacks_pixels(string image)
    {
        var expr = @"| fonts strings results | fonts := {AbstractFont default. StrikeFont allInstances detect: [:x | x baseKern = -1]. StrikeFont allInstances detect: [:x | x baseKern = 1]}. "
            + @"strings := {'hello world'. 'Kerning: AVAVAV'. ''. 'x'}. results := OrderedCollection new. "
            + @"#(1 8 32) do: [:d | fonts do: [:font | strings do: [:s | {2@3. 2.5@3. -4@-3. 60@10} do: [:at | {Color black. Color red. Color blue alpha: 0.5} do: [:c | | f | "
            + @"f := Form extent: 80@20 depth: d. f fillColor: Color white. f getCanvas drawString: s at: at font: font color: c. results add: " + Digest + "]]]]]. "
            + @"results asArray";
        var r = Differential(image, expr, alsoCompiled: image == Cuis5);
        Assert.True(r.Strings > 100, $"the primitive drew {r.Strings} of the strings");
    }

    /// <summary>
    /// Squeak 2's displayOn:at: (a DisplayScanner scanning and displaying) onto forms of several
    /// depths, partly outside them; also in the big-endian 2.2 image and in the SqueakJS benchmark
    /// image, whose BitBlt has four more fields before the scanner's own.
    /// </summary>
    [Theory]
    [InlineData(Mini)]
    [InlineData("squeak2.2-bigendian.image")]
    [InlineData("squeakjs-benchmark.image")]
    public void Squeak2_displayOn_at_gives_the_fallbacks_pixels(string image)
    {
        var expr = @"| results f | results := OrderedCollection new. #(1 8 32) do: [:d | #('hello world' 'with a' 'tab') do: [:s | {2@3. -4@-3. 60@10} do: [:at | "
            + @"f := Form extent: 80@20 depth: d. s displayOn: f at: at. results add: " + Digest + "]]]. results asArray";
        var r = Differential(image, expr);
        Assert.True(r.Scans > 10, $"the primitive answered {r.Scans} of the scans");
    }

    /// <summary>
    /// Scratch 1.4 (a Squeak 3.x-era image: scanner with font, kern and glyph map, BitBlt with
    /// primDisplayString): strings displayed on forms of several depths and a wrapped paragraph
    /// composed and displayed, at several widths.
    /// </summary>
    [Fact]
    public void Scratch_text_gives_the_fallbacks_pixels_and_line_breaks()
    {
        var scratch = Path.Combine(TestImages.RepositoryRoot(), ".cache", "scratch", "Scratch.image");
        Assert.True(File.Exists(scratch), "Scratch.image is missing: scripts/setup.sh fetches it from Debian's scratch package");
        var expr = @"| results f t r p | results := OrderedCollection new. #(1 8 32) do: [:d | #('hello world' 'with a' 'tab') do: [:s | {2@3. -4@-3. 60@10} do: [:at | "
            + @"f := Form extent: 80@20 depth: d. s displayOn: f at: at. results add: " + Digest + "]]]. "
            + @"t := 'Hello world, this is a longer text' , (String with: 9 asCharacter) , 'with a tab and' , (String with: 13 asCharacter) , 'a new line and some more words to wrap around the margin.'. "
            + @"#(60 75 90) do: [:w | r := 0@0 extent: w@200. p := Paragraph withText: t asText style: TextStyle default compositionRectangle: r clippingRectangle: r "
            + @"foreColor: Color black backColor: Color white. f := Form extent: 100@120 depth: 8. p displayOn: f. "
            + @"results add: ((1 to: p numberOfLines) collect: [:i | (p lines at: i) first -> (p lines at: i) last]); add: " + Digest + "]. results asArray";
        var r = Differential(scratch, expr);
        Assert.True(r.Scans > 20, $"the primitive answered {r.Scans} of the scans");
        Assert.True(r.Strings > 20, $"primitiveDisplayString drew {r.Strings} of the strings");
    }
}
