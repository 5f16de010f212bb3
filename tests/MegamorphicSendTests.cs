using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// A send site that keeps meeting new classes stops filling entries and finds its sends in the
/// method cache; an extra entry trades places with the tested second one only once hit often.
/// </summary>
public class MegamorphicSendTests
{
    private static SqObject NewClass() => new PointersObject(null!, 0, 0, []);

    [Fact]
    public void A_site_becomes_megamorphic_after_dropping_many_classes_and_clearing_forgets_it()
    {
        var site = new SendSite();
        MethodInfo info = null!;   // not called here
        var fills = 2 + SendSite.MoreEntries + SendSite.MegamorphicAfter;
        for (var k = 0; k < fills; k++)
        {
            Assert.False(site.IsMegamorphic);
            site.EntryToFill().Fill(NewClass(), 1, info, SendSite.CallTarget, 0, default);
        }
        Assert.True(site.IsMegamorphic);
        site.Clear();
        Assert.False(site.IsMegamorphic);
        Assert.Null(site.More);
    }

    [Fact]
    public void A_few_classes_in_turn_never_make_a_site_megamorphic()
    {
        var site = new SendSite();
        MethodInfo info = null!;   // not called here
        var classes = Enumerable.Range(0, 2 + SendSite.MoreEntries).Select(_ => NewClass()).ToArray();
        for (var round = 0; round < 100; round++)
            foreach (var c in classes)
            {
                if (ReferenceEquals(site.Class, c) || ReferenceEquals(site.Second!.Class, c)) continue;
                if (site.FindMore(c) is { } extra) { site.Promote(extra); continue; }
                site.EntryToFill().Fill(c, 1, info, SendSite.CallTarget, 0, default);
            }
        Assert.False(site.IsMegamorphic);
    }

    [Theory]
    [InlineData("squeak2.2-bigendian.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void Sends_to_hundreds_of_classes_at_one_site_agree_with_the_interpreter(string image)
    {
        // Array>>printOn: sends printOn: (or printString / storeOn:) to each of 300 classes: 300 metaclasses at one site, five times over.
        const string expr = "| s a | s := 0. a := ((Smalltalk allClasses asSortedCollection: [:x :y | x name <= y name])) asArray copyFrom: 1 to: 300. " +
            "1 to: 5 do: [:k | a printString do: [:c | s := s * 31 + c asciiValue \\\\ 1000003]]. s";
        var interpreted = SmalltalkSession.Print(image, expr);
        Assert.Matches("^[0-9]+$", interpreted);
        Assert.Equal(interpreted, RecompiledTierTests.PrintCompiled(image, expr));
    }
}

/// <summary>basicNew and basicNew: sent from compiled code take a fast path that must decline (and leave the primitive to fail) exactly where the primitive fails.</summary>
public class BasicNewFromCompiledCodeTests
{
    [Theory]
    [InlineData("cuis5.0-spur32.image")]
    [InlineData("squeak2.2-bigendian.image")]
    public void Instances_made_from_compiled_code_and_their_failures_agree_with_the_interpreter(string image)
    {
        // Class-side new: and new from many classes (megamorphic basicNew sites), bad sizes and receivers that cannot have instances.
        const string expr = "| r | r := OrderedCollection new. " +
            "r add: ((Array new: 3) collect: [:x | x]) printString; add: (String new: 2) size; add: (ByteArray new: 5) size; add: (Bitmap new: 4) size. " +
            "#(#Object #Point #Rectangle #OrderedCollection #Set #Dictionary #Association #Array #String) do: [:n | r add: (Smalltalk at: n) new class name]. " +
            "r add: ([Array new: -1. #made] ifError: [:a :b | #failed]); " +
            "add: ([Array new: 'x'. #made] ifError: [:a :b | #failed]); add: ([SmallInteger basicNew. #made] ifError: [:a :b | #failed]). " +
            "(1 to: 20) do: [:i | r add: ((Array new: i) size = i)]. r asArray printString";
        RecompiledTierTests.AssertTiersAgree(image, expr, "failed");
    }
}
