using ImageAot.Recompiler;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// SistaV1 forms the CodeParadise kernel's compiler never produced (pushCharacter, clean full
/// blocks, a full block's receiver taken off the stack), hand-assembled, added to a copy of that
/// image before it is recompiled, installed from the host, and run in both tiers.
/// </summary>
public class SistaHandAssembledTests
{
    /// <summary>
    /// SmallInteger>>isVowel replaced by: <c>^[:c | c asInteger + self] (a clean block whose receiver is 7, off the stack) value: $a</c>.
    /// The block and the method are built the same way in every image they go into, so their content keys agree.
    /// </summary>
    private static (CompiledMethodObject Method, CompiledMethodObject Block) Build(SqObject compiledMethodClass, Value asInteger)
    {
        static long SistaHeader(int literals, int temps, int args) => (literals | ((long)temps << 18) | ((long)args << 24)) - (1L << 30);
        var method = new CompiledMethodObject(compiledMethodClass, 1, 24, Value.SmallInt(SistaHeader(2, 0, 0)), new Value[2],
            [0xE8, 7, 0xF9, 0, 0xC0, 0xE9, (byte)'a', 0x7A, 0x5C]);
        // push temp 0, send #asInteger, push self, +, block return
        var block = new CompiledMethodObject(compiledMethodClass, 2, 24, Value.SmallInt(SistaHeader(2, 1, 1)), [asInteger, Value.Object(method)],
            [0x40, 0x80, 0x4C, 0x60, 0x5E]);
        method.Literals[0] = Value.Object(block);
        return (method, block);
    }

    [Fact]
    public void PushCharacter_and_a_clean_full_block_with_its_receiver_on_the_stack_agree_in_both_tiers()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-sista-hand").FullName;
        try
        {
            // Recompile a copy of the image that holds the hand-made method and block.
            var copy = ImageReader.Load(TestImages.PathOf(SistaHost.Image));
            // The content key sees only which literals are methods, so a stand-in selector will do here.
            var (m, b) = Build(copy.Objects.OfType<CompiledMethodObject>().First().Class, Value.SmallInt(0));
            copy.Objects.Add(m);
            copy.Objects.Add(b);
            var dll = Path.Combine(dir, "hand.dll");
            ImageRecompiler.Recompile(copy, dll);
            var code = CompiledAssembly.Load(dll);

            string RunIn(CompiledCode? compiled, out CompiledMethodObject method, out CompiledMethodObject block, out long blockRuns)
            {
                var h = new SistaHost(compiled);
                (method, block) = Build(h.Vm.Mem.ClassCompiledMethod, h.Sym("asInteger"));
                h.Send(h.Global("SmallInteger"), "addSelectorSilently:withMethod:", h.Sym("isVowel"), Value.Object(method));
                var before = h.Vm.DirectBlockRuns;
                var answer = h.Send(SistaHost.Int(5), "isVowel");
                blockRuns = h.Vm.DirectBlockRuns - before;
                return h.Print(answer);
            }
            Assert.Equal("104", RunIn(null, out _, out _, out _));
            Assert.Equal("104", RunIn(code, out var compiledMethod, out var compiledBlock, out var runs));
            Assert.Equal(1, runs);
            // Both found their bodies by content key (a key not in the assembly would leave them interpreted).
            Assert.NotEqual(0, ((MethodInfo)compiledMethod.VmInfo!).DirectEntry);
            Assert.NotEqual(0, ((MethodInfo)compiledBlock.VmInfo!).FullBlockEntry);
        }
        finally { Directory.Delete(dir, true); }
    }
}
