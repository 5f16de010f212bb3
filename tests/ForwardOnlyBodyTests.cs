using ImageAot.Recompiler;
using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.ObjectModel;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// A direct body jumps backwards only where its method loops: resuming from a context comes before
/// the body and quick answers leave forwards, because RyuJIT treats any backward jump as a loop (an
/// on-stack-replacement point at its target, the body instrumented from its first compile).
/// </summary>
public class ForwardOnlyBodyTests
{
    private const string Image = "squeak2.2-bigendian.image";

    private static bool JumpsBackward(MethodDefinition body) =>
        body.Body.Instructions.Any(i => i.Operand switch
        {
            Instruction target => target.Offset <= i.Offset,
            Instruction[] targets => targets.Any(t => t.Offset <= i.Offset),
            _ => false,
        });

    [Fact]
    public void A_body_whose_method_does_not_loop_has_no_backward_jump()
    {
        var image = TestImages.Shared(Image);
        using var assembly = AssemblyDefinition.ReadAssembly(RecompiledTierTests.AssemblyPathFor(Image));
        var bodies = assembly.MainModule.Types.SelectMany(t => t.Methods).Where(m => m.Name.StartsWith(ImageRecompiler.DirectBodyPrefix)).ToDictionary(m => m.Name);
        var loopFree = 0;
        var looping = 0;
        foreach (var m in image.Objects.OfType<CompiledMethodObject>())
        {
            if (DecodedMethod.IsQuick(m, image.Format)) continue;
            DecodedMethod decoded;
            try { decoded = DecodedMethod.Decode(m, image.Format); }
            catch (DecodeException) { continue; }
            if (!bodies.TryGetValue(ImageRecompiler.DirectBodyPrefix + BodyKey.Of(m, decoded), out var body)) continue;
            if (decoded.Instructions.Any(i => i.IsJump && i.Target <= i.Pc))
            {
                if (JumpsBackward(body)) looping++;
                continue;
            }
            Assert.False(JumpsBackward(body), $"{body.Name} jumps backward though its method has no loop");
            loopFree++;
        }
        Assert.True(loopFree > 5000, $"only {loopFree} loop-free bodies checked");
        Assert.True(looping > 500, $"only {looping} bodies of looping methods jump backward");
    }
}
