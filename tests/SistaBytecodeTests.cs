using ImageAot.Runtime.Execution;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// SistaV1 methods, hand-assembled (no image here was compiled with that bytecode set), run on
/// Cuis 5 (Spur, so the header's sign bit selects SistaV1) through withArgs:executeMethod:.
/// </summary>
public class SistaBytecodeTests
{
    private static Value Run(byte[] code, int numArgs, int numTemps, Value receiver, Value[] literals, params Value[] args)
    {
        var s = new SmalltalkSession("cuis5.0-spur32.image");
        var vm = s.Vm;
        var method = Method(vm, code, numArgs, numTemps, literals);
        var outcome = vm.Call(receiver, Symbol(vm, "withArgs:executeMethod:"), [vm.Mem.NewArray(args), method], out var result);
        Assert.Equal(RunOutcome.Returned, outcome);
        return result;
    }

    private static CompiledMethodObject Method(Interpreter vm, byte[] code, int numArgs, int numTemps, Value[] literals)
    {
        var lits = literals.Append(vm.Mem.NilV).ToArray();   // last literal: the method class binding (unused here)
        long header = lits.Length | ((long)numTemps << 18) | ((long)numArgs << 24);
        header -= 1L << 30;   // the SmallInteger's sign bit marks SistaV1
        return new CompiledMethodObject(vm.Mem.ClassCompiledMethod, vm.Mem.NewHash(vm.Mem.ClassCompiledMethod), 24, Value.SmallInt(header), lits, code);
    }

    private static SqObject Symbol(Interpreter vm, string s) => new ImageAot.Runtime.Hosting.Globals(vm).Symbol(s)!;

    [Fact]
    public void Arithmetic_special_send_and_return()
    {
        // push self, push 1, +, return top
        var r = Run([0x4C, 0x51, 0x60, 0x5C], 0, 0, Value.SmallInt(41), []);
        Assert.Equal(42, r.SmallIntValue);
    }

    [Fact]
    public void Loop_with_temps_conditional_jump_and_extended_backward_jump()
    {
        // sum := 0. i := 1. [i <= 10] whileTrue: [sum := sum + i. i := i + 1]. ^sum
        byte[] code =
        [
            0x50, 0xD0, 0x51, 0xD1,            // 0: sum := 0. i := 1
            0x41, 0xE8, 10, 0x64,              // 4: i <= 10
            0xEF, 12,                          // 8: jump if false to 22
            0x40, 0x41, 0x60, 0xD0,            // 10: sum := sum + i
            0x41, 0x51, 0x60, 0xD1,            // 14: i := i + 1
            0xE1, 0xFF, 0xED, 238,             // 18: extB -1, jump -18 to 4
            0x40, 0x5C,                        // 22: ^sum
        ];
        Assert.Equal(55, Run(code, 0, 2, Value.SmallInt(0), []).SmallIntValue);
    }

    [Fact]
    public void Full_block_closure_is_created_and_evaluated()
    {
        var s = new SmalltalkSession("cuis5.0-spur32.image");
        var vm = s.Vm;
        // [:x | x * 2] — a CompiledBlock: push temp 0, push 2, *, block return
        var block = Method(vm, [0x40, 0xE8, 2, 0x68, 0x5E], 1, 1, []);
        // ^[:x | x * 2] value: 21 — push full closure (literal 0), push 21, send value: (special 26), return
        var method = Method(vm, [0xF9, 0, 0, 0xE8, 21, 0x7A, 0x5C], 0, 0, [block]);
        var outcome = vm.Call(vm.Mem.NilV, Symbol(vm, "withArgs:executeMethod:"), [vm.Mem.NewArray(0), method], out var result);
        Assert.Equal(RunOutcome.Returned, outcome);
        Assert.Equal(42, result.SmallIntValue);
    }

    [Fact]
    public void Extended_literal_and_send_bytecodes()
    {
        var s = new SmalltalkSession("cuis5.0-spur32.image");
        var vm = s.Vm;
        // ^3 max: 9 — push literal 0 (0x20), push literal 1 (E4 1), send literal 2 with 1 arg (EA: index<<3 | args)
        var max = Symbol(vm, "max:");
        var method = Method(vm, [0x20, 0xE4, 1, 0xEA, (2 << 3) | 1, 0x5C], 0, 0, [Value.SmallInt(3), Value.SmallInt(9), max]);
        var outcome = vm.Call(vm.Mem.NilV, Symbol(vm, "withArgs:executeMethod:"), [vm.Mem.NewArray(0), method], out var result);
        Assert.Equal(RunOutcome.Returned, outcome);
        Assert.Equal(9, result.SmallIntValue);
    }
}
