using Xunit;

namespace ImageAot.Tests;

/// <summary>Primitives and VM services seen from Smalltalk, through the image's own code.</summary>
public class PrimitiveEvalTests
{
    public static IEnumerable<object[]> Cases()
    {
        string[] all = ["squeak2-mini.image", "cuis4.1-reduced.image", "cuis5.0-spur32.image"];
        string[] cuis = ["cuis4.1-reduced.image", "cuis5.0-spur32.image"];
        (string[] Images, string Expr, string Expected)[] cases =
        [
            (all, "3 perform: #+ with: 4", "7"),
            (all, "3 perform: #between:and: withArguments: #(1 5)", "true"),
            (cuis, "| a b | a := 'abc' copy. b := #(1 2) copy. a become: b. a", "#(1 2)"),
            (cuis, "| a b | a := 'abc' copy. b := 'xyz' copy. a become: b. a , b", "'xyzabc'"),
            (cuis, "| a b | a := Object new. b := Array new: 2. (Array with: a) elementsForwardIdentityTo: (Array with: b). a == b", "true"),
            (cuis, "Semaphore allInstances notEmpty", "true"),
            (cuis, "| n | n := 0. Semaphore allInstancesDo: [:s | n := n + 1]. n = Semaphore allInstances size", "true"),
            (all, "'abc' < 'abd'", "true"),
            (all, "| c | c := Object new. c identityHash = c identityHash", "true"),
            (all, "#sym == 'sym' asSymbol", "true"),
            (all, "1073741823 + 1", "1073741824"),
            (all, "(1073741823 + 1) class", "LargePositiveInteger"),
            (all, "-1073741824 class", "SmallInteger"),
            (all, "(1/3) printString", "'(1/3)'"),
            (all, "Smalltalk at: #ImageAotGlobal put: 3. (Smalltalk at: #ImageAotGlobal) + 1", "4"),
            (all, "#(1 2 3) shallowCopy = #(1 2 3)", "true"),
            (["cuis5.0-spur32.image"], "((3@4) pointsTo: 4) & ((3@4) pointsTo: 5) not", "true"),
            (cuis, "[3 ifTrue: [1]] on: Error do: [:e | #notBoolean]", "#notBoolean"),
            (cuis, "| s | s := ReadWriteStream on: String new. s nextPutAll: 'abc'; reset. s upToEnd", "'abc'"),
            (cuis, "(String new: 3) replaceFrom: 1 to: 3 with: 'xyzw' startingAt: 2; yourself", "'yzw'"),
            // 91 tests a display depth in closure images (cursorLocPut: before closures).
            (cuis, "(DisplayScreen extent: 64@48 depth: 32) extent", "64@48"),
            (["squeak2-mini.image"], "Sensor cursorPoint: 3@4. 7", "7"),
            // basicNew: 0 of a class without indexed slots is basicNew, as in the C VM; any other size fails.
            (all, "(Object basicNew: 0) class", "Object"),
            (all, "(Point basicNew: 0) x", "nil"),
            (cuis, "(Object new: 0) class", "Object"),
            (cuis, "[Object basicNew: 1] on: Error do: [:e | #refused]", "#refused"),
            (["cuis5.0-spur32.image"], "DirectoryEntry new class name", "#DirectoryEntry"),
        ];
        foreach (var c in cases)
            foreach (var image in c.Images)
                yield return [image, c.Expr, c.Expected];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluates_as_the_image_defines(string image, string expr, string expected) =>
        Assert.Equal(expected, SmalltalkSession.Print(image, expr));

    [Theory]
    [InlineData("squeak2-mini.image", "subscript is out of bounds: 10")]
    [InlineData("cuis5.0-spur32.image", "subscript is out of bounds: 10")]
    public void A_failing_primitive_runs_the_methods_fallback_code(string image, string message)
    {
        var r = new SmalltalkSession(image).Evaluate("(Array new: 3) at: 10");
        Assert.False(r.Ok);
        Assert.Contains(message, r.Text);
    }
}
