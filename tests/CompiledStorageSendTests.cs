using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// size, at: and at:put: sent from compiled code reach the storage primitives without the
/// primitive stack: elements and sizes of every kind of indexable object, and failures (bad
/// index, bad value) that run the method's own code, must be the interpreter's.
/// </summary>
public class CompiledStorageSendTests
{
    [Theory]
    [InlineData("cuis5.0-spur32.image")]
    [InlineData("squeak2.2-bigendian.image")]
    public void Sizes_elements_and_failures_agree_with_the_interpreter(string image)
    {
        const string expr = "| r w b | r := OrderedCollection new. w := Bitmap new: 4. b := ByteArray new: 3. " +
            "r add: ((1 to: 6) collect: [:i | i * i]) asArray printString; add: 'hello world' reversed; add: 'hello' asUppercase; " +
            "add: (#(5 3 9 1) asSortedCollection: [:x :y | x > y]) asArray printString; add: (#(1 2 3) , #(4)) printString; " +
            "add: (w atAllPut: 4000000000; yourself) asArray printString; add: (b atAllPut: 7; yourself) asArray printString; " +
            "add: ('abcabc' indexOf: $c); add: ('abcdef' copyFrom: 2 to: 4); add: (#(1 $a 'x' #y) collect: [:e | e class name]) printString; " +
            "add: ([b atAllPut: 300. #stored] ifError: [:m :o | #failed]); add: ([w atAllPut: -1. #stored] ifError: [:m :o | #failed]); " +
            "add: ([#(1 2 3) first: 5] ifError: [:m :o | #failed]); add: (#(7 8 9) inject: 0 into: [:a :x | a + x]); " +
            "add: (('one two three' substrings) collect: [:s | s size]) printString; add: (OrderedCollection new add: 42); add: ((WriteStream on: (Array new: 1)) nextPut: 77; nextPut: 78); " +
            "add: ((WriteStream on: (String new: 1)) nextPut: $q; nextPut: $r). r asArray printString";
        RecompiledTierTests.AssertTiersAgree(image, expr, "failed");
    }

    /// <summary>x @ y sent from compiled code (Point arithmetic, asPoint) makes the point without the primitive stack.</summary>
    [Theory]
    [InlineData("cuis5.0-spur32.image")]
    [InlineData("squeak2.2-bigendian.image")]
    public void Points_made_by_compiled_code_agree_with_the_interpreter(string image) =>
        RecompiledTierTests.AssertTiersAgree(image,
            "| r | r := OrderedCollection new. r add: (3@4) + (1@2); add: 5 asPoint; add: (1@2) * 3; add: ((1@2) + 0.5) x class name; " +
            "add: (2@3) negated; add: ((1@1) corner: (4@5)) extent; add: (((1@2) + (3@4)) = (4@6)). r asArray printString", "4@6");
}
