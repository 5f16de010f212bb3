using ImageAot.Recompiler;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// Direct bodies keep the Smalltalk stack in locals so that the JIT can hold them in registers. A
/// local whose address escapes (passed by reference to a helper) is kept in memory throughout the
/// body by the JIT: one helper taking an `out Value` of a stack local once cut tinyBenchmarks'
/// sends/s in the recompiled tier to 40%. Reading a field through the address is not an escape.
/// </summary>
public class DirectBodyLocalsTests
{
    [Fact]
    public void No_direct_or_block_body_lets_the_address_of_a_local_or_argument_escape()
    {
        var path = RecompiledTierTests.AssemblyPathFor("squeak2-mini.image");
        var escapes = new List<string>();
        var bodies = 0;
        foreach (var file in new[] { path, Path.ChangeExtension(path, ".cold.dll") }.Where(File.Exists))
        {
            using var module = ModuleDefinition.ReadModule(file);
            foreach (var method in module.Types.SelectMany(t => t.Methods))
            {
                if (!method.HasBody || !(method.Name.StartsWith(ImageRecompiler.DirectBodyPrefix) || method.Name.StartsWith("E_"))) continue;
                bodies++;
                foreach (var i in method.Body.Instructions)
                {
                    var takesAddress = i.OpCode.Code is Code.Ldloca or Code.Ldloca_S or Code.Ldarga or Code.Ldarga_S;
                    if (takesAddress && i.Next?.OpCode.Code != Code.Ldfld)
                        escapes.Add($"{method.Name} IL_{i.Offset:x4}: {i.OpCode} then {i.Next?.OpCode}");
                }
            }
        }
        Assert.True(bodies > 1000, $"only {bodies} direct bodies found");
        Assert.True(escapes.Count == 0, $"{escapes.Count} escaping addresses, first: {string.Join("; ", escapes.Take(5))}");
    }
}
