using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Installing or removing a method flushes only what depended on its selector (Symbol>>flushCache,
/// primitive 119) or on the old method (CompiledMethod>>flushCache, 116): a compiled send that had
/// cached the old method (printString's send of printOn:) finds the new one, in a subclass too,
/// and the inherited one again once the override is removed.
/// </summary>
public class SelectiveFlushTests
{
    private const string Probe =
        "| a b r | " +
        "a := Object subclass: #FlushProbeA instanceVariableNames: '' classVariableNames: '' poolDictionaries: '' category: 'ImageAot-Tests'. " +
        "b := a subclass: #FlushProbeB instanceVariableNames: '' classVariableNames: '' poolDictionaries: '' category: 'ImageAot-Tests'. " +
        "r := OrderedCollection new. " +
        "a compileSilently: 'printOn: aStream aStream nextPutAll: ''one''' classified: 'tests'. " +
        "1 to: 50 do: [:i | a new printString. b new printString]. r add: a new printString; add: b new printString. " +
        "a compileSilently: 'printOn: aStream aStream nextPutAll: ''two''' classified: 'tests'. " +
        "r add: a new printString; add: b new printString. " +
        "b compileSilently: 'printOn: aStream aStream nextPutAll: ''three''' classified: 'tests'. " +
        "1 to: 50 do: [:i | b new printString]. r add: a new printString; add: b new printString. " +
        "b removeSelector: #printOn:. " +
        "r add: a new printString; add: b new printString. " +
        "r asArray";

    private const string Expected = "#('one' 'one' 'two' 'two' 'two' 'three' 'two' 'two')";

    [Theory]
    [InlineData("cuis4.1-reduced.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void A_compiled_send_finds_a_method_installed_or_removed_after_it_cached_the_old_one(string image)
    {
        Assert.Equal(Expected, SmalltalkSession.Print(image, Probe));
        Assert.Equal(Expected, RecompiledTierTests.PrintCompiled(image, Probe));
    }
}
