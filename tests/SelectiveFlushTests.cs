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

    [Fact]
    public void PointsTo_and_flushCache_run_in_compiled_frames_as_in_the_interpreter()
    {
        // Cuis' pointsTo: is statePointsTo: (primitive 132), which its compiler asks of every literal it scans;
        // a flushCache (119) in a compiled frame empties the sites under it.
        const string expr = "| a n | a := Array with: 1 with: 2. n := 0. 1 to: 2000 do: [:i | (a pointsTo: 2) ifTrue: [n := n + 1]. #printOn: flushCache. (a pointsTo: 3) ifTrue: [n := n - 1]]. n";
        Assert.Equal("2000", SmalltalkSession.Print("cuis5.0-spur32.image", expr));
        var s = new SmalltalkSession("cuis5.0-spur32.image", compiled: RecompiledTierTests.BodiesFor("cuis5.0-spur32.image"));
        Assert.Equal("2000", s.Print(expr));
        Assert.True(s.Vm.DirectCallsFromContexts >= 4000, "pointsTo: did not run compiled");
    }
}
