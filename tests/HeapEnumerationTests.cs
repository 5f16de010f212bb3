using Xunit;

namespace ImageAot.Tests;

/// <summary>allInstances and the someObject/nextObject, someInstance/nextInstance walks agree, see new objects, and end.</summary>
public class HeapEnumerationTests
{
    public static readonly TheoryData<string> Cuis = new() { "cuis4.1-reduced.image", "cuis5.0-spur32.image" };

    [Theory, MemberData(nameof(Cuis))]
    public void An_instance_walk_finds_what_allInstances_answers(string image) =>
        Assert.Equal("true", SmalltalkSession.Print(image,
            "| walked o all | walked := IdentitySet new. o := Symbol someInstance. [o notNil] whileTrue: [walked add: o. o := o nextInstance]. " +
            "all := Symbol allInstances. walked size = all size and: [all allSatisfy: [:s | walked includes: s]]"));

    [Theory, MemberData(nameof(Cuis))]
    public void An_object_walk_counts_the_instances_of_every_class(string image) =>
        // Counted per class through allInstances / someInstance; a few objects are made in between, and ProtoObject's other subclasses are left out.
        Assert.Equal("true", SmalltalkSession.Print(image,
            "| n o all | all := Object withAllSubclasses inject: 0 into: [:sum :c | sum + c instanceCount]. n := 0. o := Object someObject. [0 == o] whileFalse: [n := n + 1. o := o nextObject]. " +
            "(n - all) abs < 1000 and: [n > 10000]"));

    [Fact]
    public void An_object_walk_counts_what_allObjects_answers() =>
        Assert.Equal("true", SmalltalkSession.Print("cuis5.0-spur32.image",
            "| n o all | all := Smalltalk allObjects. n := 0. o := Object someObject. [0 == o] whileFalse: [n := n + 1. o := o nextObject]. " +
            "(n - all size) abs < 10 and: [n > 50000]"));

    [Theory, MemberData(nameof(Cuis))]
    public void A_new_instance_is_found_and_repeated_questions_agree(string image) =>
        Assert.Equal("#(0 1 1 true)", SmalltalkSession.Print(image,
            "| before b | before := Bag allInstances size. b := Bag new. " +
            "Array with: Bag allInstances size - before - 1 with: Bag allInstances size - before with: Bag allInstances size - before with: (Bag allInstances includes: b)"));

    [Theory, MemberData(nameof(Cuis))]
    public void Instances_made_during_an_instance_walk_do_not_prolong_it(string image) =>
        Assert.Equal("true", SmalltalkSession.Print(image,
            "| keep n a before | keep := OrderedCollection new. before := Array allInstances size. n := 0. a := Array someInstance. " +
            "[a notNil and: [n < 1000000]] whileTrue: [n := n + 1. keep add: (Array new: 1). a := a nextInstance]. n <= (before + 10)"));

    [Theory, MemberData(nameof(Cuis))]
    public void Objects_made_during_an_object_walk_do_not_prolong_it(string image) =>
        Assert.Equal("true", SmalltalkSession.Print(image,
            "| keep n o before | keep := OrderedCollection new. before := Object withAllSubclasses inject: 0 into: [:sum :c | sum + c instanceCount]. n := 0. o := Object someObject. " +
            "[0 == o or: [n > 1000000]] whileFalse: [n := n + 1. keep add: Object new. o := o nextObject]. n <= (before + 1000)"));

    [Theory, MemberData(nameof(Cuis))]
    public void Counting_the_instances_of_every_class_walks_the_heap_a_few_times_not_once_per_class(string image)
    {
        var s = new SmalltalkSession(image);
        var before = s.Vm.HeapWalks;
        var total = long.Parse(s.Print("| n | n := 0. Object withAllSubclasses do: [:c | n := n + c instanceCount]. n"));
        var walks = s.Vm.HeapWalks - before;
        Assert.True(total > 10000, $"{total} instances");
        Assert.True(walks < 50, $"{walks} heap walks");
    }

    [Theory, MemberData(nameof(Cuis))]
    public void Instances_asked_for_after_a_become_have_the_class_they_have_now(string image) =>
        Assert.Equal("#(true false true)", SmalltalkSession.Print(image,
            "| a b listed | a := Bag new. b := Set new. listed := Bag allInstances includes: a. a become: b. " +
            "Array with: listed with: (Bag allInstances includes: a) with: (Bag allInstances includes: b)"));

    [Fact]
    public void An_instance_walk_that_makes_instances_ends_in_the_recompiled_tier() =>
        Assert.Equal("true", RecompiledTierTests.PrintCompiled("cuis5.0-spur32.image",
            "| keep n a before | keep := OrderedCollection new. before := Array allInstances size. n := 0. a := Array someInstance. " +
            "[a notNil and: [n < 1000000]] whileTrue: [n := n + 1. keep add: (Array new: 1). a := a nextInstance]. n <= (before + 10) and: [n > 100]"));
}
