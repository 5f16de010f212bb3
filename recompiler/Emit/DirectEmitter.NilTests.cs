using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.Execution;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;
using Decoded = ImageAot.Runtime.Bytecodes.Instruction;

namespace ImageAot.Recompiler.Emit;

// Direct-call bodies: nil tests of Blue Book methods (ifNil: and friends with literal blocks) run inline, see NilTestSites.
public sealed partial class DirectEmitter
{
    /// <summary>
    /// Depths with each inlined block's stack moved above its site's receiver: a block's own stack
    /// starts empty (or with its argument), and inline it lives on the frame's locals from there.
    /// </summary>
    private static Dictionary<int, int> InlinedDepths(StackAnalysis stack, IReadOnlyList<NilTestSite> nilTests)
    {
        var depths = new Dictionary<int, int>(stack.DepthAt);
        foreach (var site in nilTests)
        {
            var receiverTop = stack.DepthAt[site.Pc];
            foreach (var pc in stack.DepthAt.Keys.Where(pc => site.BlockAt(pc) is not null).ToList()) depths[pc] += receiverTop;
        }
        return depths;
    }

    /// <summary>The innermost site and block whose inlined code holds <paramref name="pc"/>, with the depth just above the site's receiver.</summary>
    private static (NilTestSite Site, NilTestBlock Block, int Base)? NilTestAt(Frame f, int pc)
    {
        if (NilTestSites.Enclosing(f.NilTests, pc) is not [.., var (site, block)]) return null;
        return (site, block, f.Depth[site.Pc]);
    }

    private static int BlockArgs(NilTestSite site) =>
        site.Blocks[0].NumArgs | (site.Blocks.Length > 1 ? site.Blocks[1].NumArgs << 4 : 0) | site.Blocks.Length << 8;

    /// <summary>Emits a nil-test site's dispatch, or an inlined block's return; false for any other instruction.</summary>
    private bool EmitNilTestPart(Frame f, Decoded i, int d)
    {
        var il = f.IL;
        if (f.NilTests.FirstOrDefault(s => s.Pc == i.Pc) is { } site)
        {
            // The arm for the receiver's class: answer it, run block 1 or 2 (perhaps with it as argument), or send.
            il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldarg, ArgMi); il.Emit(OpCodes.Ldc_I4, f.SiteOf[site.SendPc]);
            il.Emit(OpCodes.Ldc_I4, site.SelectorIndex); il.Emit(OpCodes.Ldc_I4, BlockArgs(site)); il.Emit(OpCodes.Ldloc, f.L[d - 1]);
            il.Emit(OpCodes.Call, nilTestArm); il.Emit(OpCodes.Stloc, f.Quick);
            var table = new Instruction[Interpreter.NilTestWithReceiver + 3];
            var send = il.Create(OpCodes.Nop);
            Array.Fill(table, send);
            table[Interpreter.NilTestAnswerReceiver] = f.Labels[site.AfterPc];
            var withReceiver = new List<(Instruction Stub, NilTestBlock Block)>();
            for (var k = 0; k < site.Blocks.Length; k++)
            {
                var block = site.Blocks[k];
                if (block.NumArgs == 0) table[k + 1] = f.Labels[block.Start];
                else { var stub = il.Create(OpCodes.Nop); table[k + 1 + Interpreter.NilTestWithReceiver] = stub; withReceiver.Add((stub, block)); }
            }
            il.Emit(OpCodes.Ldloc, f.Quick); il.Emit(OpCodes.Switch, table);
            il.Append(send);
            FlushAt(f, i.Pc, d);   // the interpreter sends it, with real blocks
            foreach (var (stub, block) in withReceiver)
            {
                il.Append(stub);
                il.Emit(OpCodes.Ldloc, f.L[d - 1]); il.Emit(OpCodes.Stloc, f.L[d]);
                il.Emit(OpCodes.Br, f.Labels[block.Start]);
            }
            return true;
        }
        if (i.Op == Op.BlockReturnTop && NilTestAt(f, i.Pc) is { } inBlock)
        {
            // The block's value is the send's: it takes the receiver's place.
            il.Emit(OpCodes.Ldloc, f.L[d - 1]); il.Emit(OpCodes.Stloc, f.L[inBlock.Base - 1]);
            il.Emit(OpCodes.Br, f.Labels[inBlock.Site.AfterPc]);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Where a flush inside an inlined block goes: the frame's context stops after the outermost
    /// site's send (its receiver and blocks handed on), and <see cref="Interpreter.NilTestFlush"/>
    /// makes each enclosing site's activation and its block's context above it, outermost first
    /// (each block but the innermost stopped after the next site's send); the frame stores each
    /// one's part of its stack, the innermost's up to the flush's depth.
    /// </summary>
    private Instruction NilTestMaterializeFor(Frame f, NilTestSite site, NilTestBlock block)
    {
        if (f.NilTestMaterialize.TryGetValue(block, out var label)) return label;
        var il = f.IL;
        label = il.Create(OpCodes.Nop);
        f.NilTestMaterialize[block] = label;
        var chain = NilTestSites.Enclosing(f.NilTests, site.Pc);
        chain.Add((site, block));
        f.Shared.Add(() =>
        {
            il.Append(label);
            var outerTop = f.Depth[chain[0].Site.Pc];
            // The frame's own context (a block's, when the site is in a block body), stopped after the outermost send.
            OwnFlushedContext(f, () => { il.Emit(OpCodes.Ldc_I4, chain[0].Site.AfterPc); il.Emit(OpCodes.Ldc_I4, outerTop - 1); });
            StoreSlots(f, f.StackBase, outerTop - 1, 0);
            if (f.NilTestOwn is null) il.Body.Variables.Add(f.NilTestOwn = new VariableDefinition(pointersObject));
            var own = f.NilTestOwn;
            il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Stloc, own);
            for (var k = 0; k < chain.Count; k++)
            {
                var (s, b) = chain[k];
                var top = f.Depth[s.Pc];
                var innermost = k == chain.Count - 1;
                // The blocks' home: the method's context (the frame's own, unless the frame keeps it apart).
                il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldarg, ArgMi); il.Emit(OpCodes.Ldloc, f.Obj);
                il.Emit(OpCodes.Ldloc, TempsInHome(f) ? f.Home : own);
                il.Emit(OpCodes.Ldc_I4, s.SelectorIndex); il.Emit(OpCodes.Ldloc, f.L[top - 1]);
                il.Emit(OpCodes.Ldc_I4, s.Blocks[0].Start); il.Emit(OpCodes.Ldc_I4, s.Blocks.Length > 1 ? s.Blocks[1].Start : -1);
                il.Emit(OpCodes.Ldc_I4, BlockArgs(s)); il.Emit(OpCodes.Ldc_I4, Array.IndexOf(s.Blocks, b) + 1);
                if (innermost)
                {
                    il.Emit(OpCodes.Ldloc, f.FlushPc);
                    il.Emit(OpCodes.Ldloc, f.FlushDepth); il.Emit(OpCodes.Ldc_I4, top); il.Emit(OpCodes.Sub);
                }
                else
                {
                    var next = chain[k + 1].Site;
                    il.Emit(OpCodes.Ldc_I4, next.AfterPc); il.Emit(OpCodes.Ldc_I4, f.Depth[next.Pc] - 1 - top);
                }
                il.Emit(OpCodes.Call, nilTestFlush); il.Emit(OpCodes.Stloc, f.Obj);
                il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Ldfld, slots); il.Emit(OpCodes.Stloc, f.CtxSlots);
                if (innermost) StoreStack(f, top, top);
                else StoreSlots(f, top, f.Depth[chain[k + 1].Site.Pc] - 1, top);
            }
            il.Emit(OpCodes.Ldarg, ArgVm); il.Emit(OpCodes.Ldloc, f.Obj); il.Emit(OpCodes.Ldloc, own); il.Emit(OpCodes.Call, linkFlushedChain);
            il.Emit(OpCodes.Ldloc, f.None); il.Emit(OpCodes.Ret);
        });
        return label;
    }

    /// <summary>Stores the frame's slots [<paramref name="first"/>, <paramref name="end"/>) into f.CtxSlots, <paramref name="shift"/> places lower.</summary>
    private void StoreSlots(Frame f, int first, int end, int shift)
    {
        var il = f.IL;
        for (var k = first; k < end; k++)
        {
            il.Emit(OpCodes.Ldloc, f.CtxSlots); il.Emit(OpCodes.Ldc_I4, Layout.CtxTempStart + k - shift); il.Emit(OpCodes.Ldloc, f.L[k]);
            il.Emit(OpCodes.Stelem_Any, valueType);
        }
    }
}
