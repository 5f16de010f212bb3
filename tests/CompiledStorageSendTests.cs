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
}
