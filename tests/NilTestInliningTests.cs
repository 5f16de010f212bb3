using System.Text;
using ImageAot.Recompiler;
using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Blue Book methods run their ifNil: family sends with literal blocks inline in the recompiled
/// tier (NilTestSites): the answers, ^ out of such a block, loops in it, a class with its own
/// ifNil:, sites in a block's body, and flushes from inside an inlined block (a process switch, a
/// callee looking at its senders through thisContext) agree with the interpreter. The methods are added to a copy of
/// Squeak 2.2 and saved, so that the image's own recompilation holds them.
/// </summary>
public class NilTestInliningTests
{
    private static readonly string[] Definitions =
    [
        "Utilities classPool at: #AuthorInitials put: 'ia'",
        "Object subclass: #NilTestProbe instanceVariableNames: 'a' classVariableNames: '' poolDictionaries: '' category: 'ImageAot-Tests'",
        "Object subclass: #NilTestOdd instanceVariableNames: '' classVariableNames: '' poolDictionaries: '' category: 'ImageAot-Tests'",
        "(Smalltalk at: #NilTestOdd) compile: 'ifNil: aBlock ^ #odd' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'lazy ^ a ifNil: [a := 0]' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'both: x ^ x ifNil: [#none] ifNotNil: [x printString]' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'reversed: x ^ x ifNotNil: [x printString] ifNil: [#none]' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'notNil: x ^ x ifNotNil: [x + 1]' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'early: x x ifNil: [^ #early]. ^ #late' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'loop: x | s | s := 0. x ifNil: [[s < 100] whileTrue: [s := s + 7]]. ^ s' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'via: x | t | t := 5. ^ (x ifNil: [t := t + 1. self helper: t] ifNotNil: [x]) -> t' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'helper: t ^ t * 10' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'lazyOn: x ^ x ifNil: [#block]' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'via2: x | t | t := 1. ^ (x ifNil: [t := t + 1. (self helper2: t) -> t] ifNotNil: [x]) -> t' classified: 'tests'",
        // The callee flushes (thisContext): the frame running the inlined block writes out the block's context, the ifNil:ifNotNil: activation and its own.
        "(Smalltalk at: #NilTestProbe) compile: 'helper2: t ^ Array with: thisContext sender sender method == (UndefinedObject compiledMethodAt: #ifNil:ifNotNil:) with: thisContext sender home method == (NilTestProbe compiledMethodAt: #via2:) with: t' classified: 'tests'",
        // Processor yield is a primitive compiled code leaves to the interpreter: a flush at a send inside the block.
        "(Smalltalk at: #NilTestProbe) compile: 'via3: x | t | t := 1. ^ (x ifNil: [Processor yield. t := t + 1. t * 2] ifNotNil: [x]) -> t' classified: 'tests'",
        // Sites in a block's body, one flushing (the block's own context is written out too), and one beside another block in its method.
        "(Smalltalk at: #NilTestProbe) compile: 'inBlock: coll | s | s := 0. coll do: [:x | s := s + (x ifNil: [100] ifNotNil: [x])]. ^ s' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'yieldIn: coll | s | s := 0. coll do: [:x | x ifNil: [Processor yield. s := s + 1]]. ^ s' classified: 'tests'",
        // Sites inside each other's blocks (Richards' handler task): answers, a yield two levels in, a callee looking at every context a flush two levels in makes, three levels, and nested sites in a block's body.
        "(Smalltalk at: #NilTestProbe) compile: 'nested: x with: y ^ x ifNil: [#noX] ifNotNil: [y ifNil: [x] ifNotNil: [x + y]]' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'nestedYield: x with: y | t | t := 1. ^ (x ifNil: [0] ifNotNil: [t := t + 1. 10 + (y ifNil: [Processor yield. t := t + x. t * 2] ifNotNil: [y])]) -> t' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'nestedLook: x with: y | t | t := 3. ^ x ifNotNil: [y ifNil: [(self helper3: t) -> t]]' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'helper3: t | c | c := thisContext sender. ^ Array with: c sender method == (UndefinedObject compiledMethodAt: #ifNil:) with: c sender sender sender method == (Object compiledMethodAt: #ifNotNil:) with: c sender sender sender sender method == (NilTestProbe compiledMethodAt: #nestedLook:with:) with: c home == c sender sender home with: t' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'deep: x | t | t := 0. ^ (x ifNotNil: [t := t + 1. (x + 1) ifNotNil: [t := t + 10. (x + 2) ifNotNil: [Processor yield. t := t + 100. x * t]]]) -> t' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'nestedIn: coll | s | s := 0. coll do: [:x | s := s + (x ifNil: [1] ifNotNil: [(s > 2) ifTrue: [x] ifFalse: [x ifNotNil: [Processor yield. x * 10]]])]. ^ s' classified: 'tests'",
        "(Smalltalk at: #NilTestProbe) compile: 'mixed: x | t | t := 0. #(1 2) do: [:e | t := t + e]. ^ x ifNil: [t + 100]' classified: 'tests'",
        "Smalltalk snapshotPrimitive",
    ];

    // Fifty rounds: the launcher attaches a method's compiled body after 16 interpreted calls.
    private const string Probe =
        "| p odd r | p := NilTestProbe new. odd := NilTestOdd new. 1 to: 50 do: [:k | r := (OrderedCollection new " +
        "add: p lazy; add: p lazy; add: (p both: nil); add: (p both: 3); add: (p reversed: nil); add: (p reversed: 4); " +
        "add: (p notNil: nil); add: (p notNil: 6); add: (p early: nil); add: (p early: 1); add: (p loop: nil); add: (p loop: 2); " +
        "add: (p via: nil); add: (p via: 9); add: (p both: odd) class; add: (p lazyOn: odd); add: (p lazyOn: nil); add: (p lazyOn: 3); " +
        "add: (p via2: nil); add: (p via2: 7); add: (p via3: nil); add: (p via3: 8); " +
        "add: (p inBlock: (Array with: 1 with: nil with: 3)); add: (p yieldIn: (Array with: nil with: 2 with: nil)); add: (p mixed: nil); add: (p mixed: 5); " +
        "add: (p nested: nil with: 1); add: (p nested: 2 with: nil); add: (p nested: 2 with: 3); add: (p nestedYield: nil with: 1); add: (p nestedYield: 4 with: nil); add: (p nestedYield: 4 with: 5); " +
        "add: (p nestedLook: 5 with: nil); add: (p deep: nil); add: (p deep: 2); add: (p nestedIn: (Array with: 2 with: nil with: 7)); yourself) asArray]. r";

    private const string Expected = "(0 0 none '3' none '4' nil 7 early late 105 0 60->6 9->5 String odd block 3 (true true 2 )->2->2 7->1 4->2 8->1 104 2 103 5 noX 2 5 0->1 22->6 15->2 (true true true true 3 )->3 nil->0 222->111 28 )";

    private static Value Symbol(string s) => new BytesObject(null!, 0, 8, Encoding.ASCII.GetBytes(s));

    [Fact]
    public void A_nil_test_with_a_literal_block_is_a_site_and_another_send_is_not()
    {
        // ^ iv1 ifNil: [iv1 := 0]   (Richards' lazy accessors)
        byte[] code = [0x01, 0x89, 0x75, 0xC8, 0xA4, 0x04, 0x75, 0x81, 0x01, 0x7D, 0xE0, 0x7C];
        var decoded = DecodedMethod.Decode(code, BytecodeSet.BlueBook);
        var site = Assert.Single(NilTestSites.Of(decoded, [Symbol("ifNil:")]));
        Assert.Equal((1, 10, 11, 0), (site.Pc, site.SendPc, site.AfterPc, site.SelectorIndex));
        Assert.Equal(new NilTestBlock(1, 6, 10, 0), Assert.Single(site.Blocks));
        Assert.Empty(NilTestSites.Of(decoded, [Symbol("do:")]));
        // The block's code is the frame's own and never a place a context resumes at; after the send is.
        var points = DirectFlow.ResumePoints(decoded, [site]);
        Assert.False(points[6]);
        Assert.False(points[7]);
        Assert.True(points[11]);
    }

    [Fact]
    public void Nil_tests_with_literal_blocks_agree_with_the_interpreter()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-niltests").FullName;
        foreach (var name in new[] { "squeak2.2-bigendian.image", "squeak2.2-bigendian.changes", "SqueakV2.sources" })
        {
            File.Copy(TestImages.PathOf(name), Path.Combine(dir, name));
            File.SetAttributes(Path.Combine(dir, name), FileAttributes.Normal);
        }
        var image = Path.Combine(dir, "squeak2.2-bigendian.image");
        var defined = LauncherCli.Run("eval", image, string.Join(".\n", Definitions));
        Assert.True(defined.ExitCode == 0, defined.Stdout + defined.Stderr);

        var dll = Path.Combine(dir, "niltests.dll");
        var loaded = ImageReader.Load(image);
        ImageRecompiler.Recompile(loaded, dll);
        // Nested sites are found, the inner one inside the outer one's block, and between them they hold every block of the method.
        var names = new ImageAot.Runtime.Inspection.ClassNames(loaded);
        var deep = new ImageAot.Runtime.Inspection.MethodDirectory(loaded, names).Owners
            .Single(o => o.Value.Selector == "deep:" && names.NameOf(o.Value.Class) == "NilTestProbe").Key;
        var decoded = DecodedMethod.Decode(deep, loaded.Format);
        var sites = NilTestSites.Of(decoded, deep.Literals);
        Assert.Equal(3, sites.Count);
        Assert.Equal(sites.Select(s => s.Pc), NilTestSites.Enclosing(sites, sites[2].Blocks[0].Start).Select(e => e.Site.Pc));
        Assert.True(NilTestSites.CoverAllBlocks(decoded, sites));

        var interpreted = LauncherCli.Run("eval", image, Probe, "--interpret-only");
        Assert.Equal(Expected, interpreted.Stdout.Trim());
        var compiled = LauncherCli.Run("eval", image, Probe, "--assembly", dll);
        Assert.Equal(Expected, compiled.Stdout.Trim());
    }
}
