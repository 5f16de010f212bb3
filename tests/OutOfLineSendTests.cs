using ImageAot.Recompiler.Emit;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Bodies too large for the JIT to optimise with their sends inline make them through
/// Interpreter.SendCached instead; both kinds of body give the interpreter's answers.
/// </summary>
public class OutOfLineSendTests
{
    private const string Image = "squeak2.2-bigendian.image";

    [Fact]
    public void Only_bodies_too_large_for_the_jit_send_out_of_line_and_the_rest_fit_it()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(RecompiledTierTests.AssemblyPathFor(Image));
        var outOfLine = 0;
        foreach (var method in assembly.MainModule.Types.SelectMany(t => t.Methods))
        {
            if (!method.HasBody || !method.Name.StartsWith("D_")) continue;
            // Inline sends call their cached target (calli); a quick answer that does not fit its receiver calls SendCached in either kind.
            if (!method.Body.Instructions.Any(i => i.OpCode.Code == Code.Calli)
                && method.Body.Instructions.Any(i => i.OpCode.Code == Code.Call && i.Operand is MethodReference { Name: "SendCached" or "SpecialSendCached" }))
                outOfLine++;
            else
                Assert.False(DirectEmitter.TooLargeForTheJit(method.Body), $"{method.Name} sends inline but is too large for the JIT");
        }
        // GrafPort>>fillOval:color:borderWidth:borderColor: and a few dozen other long methods.
        Assert.InRange(outOfLine, 10, 200);
    }

    [Fact]
    public void A_long_method_sending_out_of_line_draws_what_the_interpreter_draws()
    {
        // GrafPort>>fillOval:color:borderWidth:borderColor: (381 bytecodes: Float and SmallInteger
        // arithmetic, quick getters, BitBlt), run often enough to be called compiled.
        const string expr = "| f sum | f _ Form extent: 40@30 depth: 8. " +
            "1 to: 20 do: [:k | (FormCanvas on: f) fillOval: (2@2 extent: (11 + k)@(7 + k)) color: Color red borderWidth: 2 borderColor: Color blue]. " +
            "sum _ 0. f bits do: [:w | sum _ sum + (w \\\\ 65536)]. sum";
        var interpreted = SmalltalkSession.Print(Image, expr);
        Assert.Equal("7570860", interpreted);
        Assert.Equal(interpreted, RecompiledTierTests.PrintCompiled(Image, expr));
    }
}
