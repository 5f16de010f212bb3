using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// SmallInteger * / \\ // and bitShift: computed inline by compiled bodies: every answer must be
/// the primitive's, across signs, zero, the SmallInteger bounds and overflow into LargeIntegers
/// (which the compiled code leaves to the send).
/// </summary>
public class CompiledSmallIntegerTests
{
    private const string Operands = "#(0 1 -1 2 -2 7 -7 13 -13 46340 46341 -46341 65536 -65536 1073741823 -1073741824)";

    /// <summary>Runs Cuis 5's Number>>\\ (which sends // * -), Number>>// (/ then floor), squared (*), << and >> (bitShift:) on every pair; answers the disagreements with the primitives.</summary>
    private const string Disagreements =
        "| xs bad run | xs := " + Operands + ". bad := OrderedCollection new. " +
        "run := [:sel :x :y | (Number compiledMethodAt: sel) valueWithReceiver: x arguments: {y}]. " +
        "xs do: [:x | " +
        "  ((Number compiledMethodAt: #squared) valueWithReceiver: x arguments: #()) = (x * x) ifFalse: [bad add: {#squared. x}]. " +
        "  xs do: [:y | y = 0 ifFalse: [" +
        "    (run value: #\\\\ value: x value: y) = (x \\\\ y) ifFalse: [bad add: {#mod. x. y}]. " +
        "    (run value: #// value: x value: y) = (x // y) ifFalse: [bad add: {#div. x. y}]]]. " +
        "  #(0 1 3 29 30 31 32 61 62 63 64 100) do: [:n | " +
        "    ((Integer compiledMethodAt: #<<) valueWithReceiver: x arguments: {n}) = (x bitShift: n) ifFalse: [bad add: {#shl. x. n}]. " +
        "    ((Integer compiledMethodAt: #>>) valueWithReceiver: x arguments: {n}) = (x bitShift: n negated) ifFalse: [bad add: {#shr. x. n}]]]. " +
        "bad asArray";

    [Fact]
    public void Division_remainder_product_and_shifts_answer_what_the_primitives_answer() =>
        Assert.Equal("#()", DirectCallTests.BothTiers("cuis5.0-spur32.image", Disagreements));
}
