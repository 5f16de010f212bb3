using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// What the debugger and <c>runSimulated:</c> lean on in Cuis 5: the mirror forms of the access
/// primitives (the receiver a bystander, the first argument the object), 118
/// tryPrimitive:withArgs:, 218 tryNamedPrimitiveIn:for:withArgs:, and simulation of code that
/// uses the stream primitives 65-67; in both tiers.
/// </summary>
public class SimulationPrimitiveTests
{
    private const string Cuis5 = "cuis5.0-spur32.image";

    public static IEnumerable<object[]> Cases()
    {
        (string Expr, string Expected)[] cases =
        [
            ("thisContext objectClass: 3", "SmallInteger"),
            ("thisContext objectClass: thisContext", "MethodContext"),
            ("thisContext objectSize: #(1 2 3)", "3"),
            ("thisContext object: 3 @ 4 instVarAt: 2", "4"),
            ("thisContext object: #(5 6) basicAt: 2", "6"),
            ("thisContext object: 3 eqeq: 3", "true"),
            ("| p | p := 3 @ 4. thisContext object: p instVarAt: 1 put: 7. p", "7@4"),
            ("| a | a := Array new: 2. thisContext object: a basicAt: 1 put: 7. a", "#(7 nil)"),
            ("thisContext object: 3 perform: #+ withArguments: #(4) inClass: SmallInteger", "7"),
            ("[thisContext object: #(5 6) basicAt: 3] on: Error do: [:e | #failed]", "#failed"),
            ("3 tryPrimitive: 1 withArgs: #(4)", "7"),
            ("Object new tryPrimitive: 75 withArgs: #() :: isInteger", "true"),
            ("(3 @ 4) tryPrimitive: 265 withArgs: #()", "4"),
            ("thisContext isPrimFailToken: (3 tryPrimitive: 1 withArgs: #(nil))", "true"),
            ("thisContext isPrimFailToken: (3 tryPrimitive: 999 withArgs: #())", "true"),
            ("thisContext tryNamedPrimitiveIn: (Integer compiledMethodAt: #digitAdd:) for: (2 raisedTo: 40) withArgs: #(1)", "1099511627777"),
            ("ContextPart runSimulated: [3 + 4]", "7"),
            ("ContextPart runSimulated: [(1 to: 10) inject: 0 into: [:a :b | a + b]]", "55"),
            ("ContextPart runSimulated: [(ReadStream on: #(1 2 3)) next; next]", "2"),
            ("ContextPart runSimulated: [| s | s := WriteStream on: String new. s nextPut: $a; nextPutAll: 'bc'. s atEnd printString, s contents]", "'trueabc'"),
            ("ContextPart runSimulated: [(2 raisedTo: 40) + (2 raisedTo: 41)]", "3298534883328"),
            ("ContextPart runSimulated: [3 printString , 4.5 printString]", "'34.5'"),
        ];
        return cases.Select(c => new object[] { c.Expr, c.Expected });
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Simulation_primitives_in_the_interpreter(string expr, string expected) =>
        Assert.Equal(expected, SmalltalkSession.Print(Cuis5, expr));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Simulation_primitives_in_the_recompiled_tier(string expr, string expected) =>
        Assert.Equal(expected, RecompiledTierTests.PrintCompiled(Cuis5, expr));
}
