using Xunit;

namespace ImageAot.Tests;

/// <summary>Weak slots let go of what nothing else holds when the image collects garbage, and finalization follows.</summary>
public class WeakReferenceTests
{
    public static readonly TheoryData<string> Cuis = new() { "cuis4.1-reduced.image", "cuis5.0-spur32.image" };

    [Theory, MemberData(nameof(Cuis))]
    public void A_weak_slot_lets_go_of_an_object_nobody_holds(string image) =>
        Assert.Equal("nil", SmalltalkSession.Print(image, "| w | w := WeakArray with: Object new. Smalltalk garbageCollect. w first"));

    [Theory, MemberData(nameof(Cuis))]
    public void An_incremental_collection_clears_weak_slots_too(string image) =>
        Assert.Equal("nil", SmalltalkSession.Print(image, "| w | w := WeakArray with: Object new. Smalltalk garbageCollectMost. w first"));

    [Theory, MemberData(nameof(Cuis))]
    public void A_strongly_held_object_survives_in_a_weak_slot(string image) =>
        Assert.Equal("#(true true true)", SmalltalkSession.Print(image,
            "| o held w | o := Object new. held := Array with: 'kept' copy. w := WeakArray with: o with: held first with: #size. " +
            "Smalltalk garbageCollect. Array with: w first == o with: (w at: 2) == held first with: (w at: 3) == #size"));

    [Fact]
    public void Named_slots_of_a_weak_object_stay_strong() =>
        // A WeakValueAssociation's key is a named (strong) slot; its value is the weak indexable slot.
        Assert.Equal("#('key' nil)", SmalltalkSession.Print("cuis5.0-spur32.image",
            "| a | a := WeakValueAssociation key: 'key' copy value: Object new. Smalltalk garbageCollect. Array with: a key with: a value"));

    [Theory, MemberData(nameof(Cuis))]
    public void Clearing_a_weak_slot_signals_the_finalization_semaphore(string image) =>
        Assert.Equal("true", SmalltalkSession.Print(image,
            "| s w | s := Semaphore new. Smalltalk specialObjectsArray at: 42 put: s. w := WeakArray with: Object new. " +
            "Smalltalk garbageCollect. (s instVarAt: 3) > 0"));

    [Theory, MemberData(nameof(Cuis))]
    public void A_weak_key_dictionary_entry_goes_away_after_finalization(string image) =>
        Assert.Equal("#(2 1)", SmalltalkSession.Print(image,
            "| d n | WeakArray restartFinalizationProcess. d := WeakKeyDictionary new. d at: Object new put: 1. d at: #kept put: 2. " +
            "WeakArray addWeakDependent: d. n := d size. Smalltalk garbageCollect. (Delay forMilliseconds: 50) wait. (Array with: n with: d size)"));

    [Theory, MemberData(nameof(Cuis))]
    public void A_weak_registry_finalizes_an_entry_whose_object_is_gone(string image) =>
        Assert.Equal("#(1 0)", SmalltalkSession.Print(image,
            "| r n | WeakArray restartFinalizationProcess. r := WeakRegistry new. r add: Object new. n := r size. Smalltalk garbageCollect. (Delay forMilliseconds: 50) wait. (Array with: n with: r size)"));

    [Fact]
    public void A_weak_registry_runs_the_executor_of_an_object_that_is_gone() =>
        Assert.Equal("#(42)", SmalltalkSession.Print("cuis5.0-spur32.image",
            "| r log o | log := OrderedCollection new. WeakArray restartFinalizationProcess. r := WeakRegistry new. o := Object new. " +
            "r add: o executor: (ObjectFinalizer new receiver: log selector: #add: argument: 42). o := nil. " +
            "Smalltalk garbageCollect. (Delay forMilliseconds: 50) wait. log asArray"));

    [Fact]
    public void Weak_slots_are_cleared_in_the_recompiled_tier() =>
        Assert.Equal("#(nil true)", RecompiledTierTests.PrintCompiled("cuis5.0-spur32.image",
            "| o w | o := Object new. w := WeakArray with: Object new with: o. Smalltalk garbageCollect. Array with: w first with: (w at: 2) == o"));
}
