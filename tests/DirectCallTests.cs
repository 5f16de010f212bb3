using ImageAot.Runtime.Hosting;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;
using Xunit;

namespace ImageAot.Tests;

/// <summary>
/// The direct-call tier against the interpreter: deep recursion, thisContext, process
/// preemption in the middle of a compiled loop, non-local return and ensure: through compiled
/// frames, the image's compiler at work, snapshot resumption, and an assembly that does not fit.
/// Each case runs in both tiers and must give the same answer; the compiled run must really
/// have used direct-call bodies.
/// </summary>
public class DirectCallTests
{
    internal static string BothTiers(string image, string expr) => BothTiers(image, expr, out _);

    private static string BothTiers(string image, string expr, out Interpreter compiledVm)
    {
        var interpreted = SmalltalkSession.Print(image, expr);
        var s = new SmalltalkSession(image, compiled: RecompiledTierTests.BodiesFor(image));
        var compiled = s.Print(expr);
        Assert.Equal(interpreted, compiled);
        Assert.True(s.Vm.DirectCallsFromContexts > 0, "no direct-call body ran");
        compiledVm = s.Vm;
        return compiled;
    }

    [Fact]
    public void Blue_Book_blocks_made_by_compiled_frames_run_in_the_interpreter_too()
    {
        // detect:ifNone: and inject:into: are compiled and make their blocks in direct frames; a do: added at run time has no
        // body, so the interpreter values those blocks (valueWithArguments: too) and their homes flush mid-send.
        var r = BothTiers("squeak2-mini.image",
            "| c r | Utilities classPool at: #AuthorInitials put: 'ia'. " +
            "c := Collection subclass: #ZzColl instanceVariableNames: '' classVariableNames: '' poolDictionaries: '' category: 'Zz'. " +
            "c compile: 'do: aBlock aBlock value: 1. aBlock value: 2. aBlock valueWithArguments: #(3)' classified: 'zz' notifying: nil. " +
            "r := OrderedCollection new. r add: (c new detect: [:x | x > 1] ifNone: [0]). r add: (c new inject: 10 into: [:a :b | a + b]). " +
            "r add: (c new detect: [:x | x > 5] ifNone: [#none]). " +
            "r add: (c new inject: 0 into: [:a :b | a + (#(7 8 9) inject: b into: [:p :q | p + q])]). " +
            "r add: (c new inject: 0 into: [:a :b | a + (Array perform: #with:with:with:with: withArguments: #(1 2 3 4)) size]). r asArray");
        Assert.Equal("(2 16 none 78 12 )", r);
    }

    [Fact]
    public void Contexts_a_direct_frame_makes_small_get_a_whole_frame_before_the_interpreter_takes_them()
    {
        // A context married at entry holds its temporaries only and a BlockContext its own code's stack only; the interpreter
        // may push more (perform:withArguments:, the debugger), so writing the frame out grows both to the method's frame.
        var s = new SmalltalkSession("squeak2-mini.image");
        Assert.True(new Evaluator(s.Vm).EvaluateToValue("Collection compiledMethodAt: #detect:ifNone:", out var method).Ok);
        var vm = s.Vm;
        var mi = vm.InfoOf((CompiledMethodObject)method.Obj);
        var home = vm.MarryAtEntry(mi, vm.Mem.NilV, vm.Mem.NilV, vm.Mem.NilV, default, default);
        Assert.Equal(Layout.CtxTempStart + mi.NumTemps, home.Slots.Length);
        var block = (PointersObject)vm.BlockCopySizedDirect(home, mi, 1, 0, 2).Obj;
        Assert.Equal(Layout.CtxTempStart + 2, block.Slots.Length);
        vm.NewFlushedBlock(block, mi, 0, 1);
        Assert.Equal(Layout.CtxTempStart + mi.FrameSize, block.Slots.Length);
        vm.NewFlushedContext(mi, vm.Mem.NilV, 0, mi.NumTemps + 2, home);
        Assert.Equal(Layout.CtxTempStart + mi.FrameSize, home.Slots.Length);
        Assert.Equal(Value.SmallInt(mi.NumTemps + 2).Bits, home.Slots[Layout.CtxStackp].Bits);
    }

    [Theory]
    [InlineData("squeak2-mini.image")]
    [InlineData("squeakjs-benchmark.image")]
    public void Blue_Book_blocks_run_in_direct_bodies_sharing_their_homes_temporaries(string image)
    {
        // inject:into: writes its home's temporary from its block; detect: and includes: return (^) from inside one; the sort block
        // and the collect:/select: blocks are called from compiled code; thisContext in a block sees compiled callers.
        var r = BothTiers(image,
            "| log | log := OrderedCollection new. log add: ((1 to: 100) inject: 0 into: [:a :b | a + b]). " +
            "log add: (#(3 1 4 1 5 9 2 6) asSortedCollection: [:a :b | a > b]) asArray. " +
            "log add: (#(1 2 3 4) detect: [:x | x > 2]). log add: (#(1 2 3) collect: [:x | x * x]). " +
            "log add: ((1 to: 20) select: [:x | x \\\\ 3 = 0]) asArray. " +
            "log add: (#(5) inject: 0 into: [:a :b | thisContext sender sender method selector]). " +
            "log add: (#(1 2 3) includes: 2). log add: (#(1 2 3) includes: 7). log asArray", out var vm);
        Assert.Equal("(5050 (9 6 5 4 3 2 1 1 ) 3 (1 4 9 ) (3 6 9 12 15 18 ) do: true false )", r);
        Assert.True(vm.DirectBlockRuns > 0, "no block ran in a direct body");
    }

    [Theory]
    [InlineData("squeak2-mini.image")]
    [InlineData("cuis4.1-reduced.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void Sends_of_more_than_four_arguments_pass_the_rest_through_the_vm(string image)
    {
        // The eight-keyword constructor is called from the interpreter and itself sends an
        // eight-keyword setter from its direct body: every argument must land in its own slot.
        var r = BothTiers(image,
            "| f b | f := Form extent: 20@20 depth: 1. " +
            "b := BitBlt destForm: f sourceForm: nil fillColor: nil combinationRule: 3 destOrigin: 1@2 sourceOrigin: 3@4 extent: 5@6 clipRect: (7@8 extent: 9@10). " +
            "((4 to: 14) collect: [:i | b instVarAt: i]) asArray", out var vm);
        Assert.Contains("3 1 2 5 6 3 4 7 8 9 10", r);
    }

    [Theory]
    [InlineData("cuis4.1-reduced.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void Closures_run_in_direct_bodies_and_return_from_their_homes(string image)
    {
        // includes: answers with ^ from a compiled closure through compiled do:; perform: calls compiled code
        // directly; a closure made by a closure, and one evaluated after its home returned.
        var r = BothTiers(image,
            "| log | log := OrderedCollection new. log add: ((1 to: 100) inject: 0 into: [:a :b | a + b]). " +
            "log add: (#(3 1 4 1 5 9 2 6) asSortedCollection: [:a :b | a > b]) asArray. " +
            "log add: (#(1 2 3) includes: 2). log add: ('hello' includes: $z). " +
            "log add: ((1 to: 20) select: [:x | x \\\\ 3 = 0]) asArray. " +
            "log add: (#(1 2 3) perform: #inject:into: with: 0 with: [:a :b | a + b]). " +
            "log add: (([:x | [:y | x + y]] value: 3) value: 4). log asArray", out var vm);
        Assert.Equal("#(5050 #(9 6 5 4 3 2 1 1) true false #(3 6 9 12 15 18) 6 7)", r);
        Assert.True(vm.DirectBlockRuns > 0, "no closure ran in a direct body");
    }

    [Theory]
    [InlineData("squeak2-mini.image", "('olleh' 'HELLO' 3 'hexlo' )")]
    [InlineData("cuis5.0-spur32.image", "#('olleh' 'HELLO' 3 'hexlo')")]
    public void Strings_are_read_and_written_inline_by_compiled_code(string image, string expected) =>
        // reversed, asUppercase and indexOf: run compiled and use String at:/at:put: inline.
        Assert.Equal(expected, BothTiers(image,
            "| s | s := 'hello' copy. s at: 3 put: $x. " +
            "Array with: 'hello' reversed with: 'hello' asUppercase with: ('hello' indexOf: $l) with: s"));

    /// <summary>
    /// The JIT does not verify IL: a body that only works unoptimized would crash once it gets hot.
    /// With tiered compilation off, every body is fully optimized on its first call.
    /// </summary>
    [Theory]
    [InlineData("squeak2-mini.image", "(5050 6 7 true )")]
    [InlineData("cuis4.1-reduced.image", "#(5050 6 7 true)")]
    public void Compiled_bodies_run_fully_optimized_from_their_first_call(string image, string expected)
    {
        var dll = RecompiledTierTests.AssemblyPathFor(image);
        var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "launcher.dll"), "eval", TestImages.PathOf(image),
                "Array with: ((1 to: 100) inject: 0 into: [:a :b | a + b]) with: (#(1 2 3) inject: 0 into: [:a :b | a + b]) " +
                "with: (Compiler evaluate: '3 + 4') with: (#(1 2 3) includes: 2)", "--assembly", dll],
            TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" });
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Equal(expected, r.Stdout.Trim());
    }

    /// <summary>
    /// Send sites answer quick methods and setters themselves and keep two classes: Dictionary's
    /// compiled at:put: stores through Association>>value: (a setter), its add: reads key (a quick
    /// getter) until Association overrides key (the cache flush must reach the sites) and again
    /// after the override is removed; printString's element sends see five classes.
    /// </summary>
    [Theory]
    [InlineData("squeakjs-benchmark.image", "(5 false false true '(1 $a ''x'' nil 3 (1 ) nil 2.5 )' )")]
    [InlineData("cuis5.0-spur32.image", "#(5 false false true '#(1 $a ''x'' nil 3 #(1) nil 2.5)')")]
    public void Quick_sends_and_setters_answered_at_the_send_site_follow_method_changes(string image, string expected) =>
        Assert.Equal(expected, BothTiers(image,
            "| d r | d := Dictionary new. d at: 3 put: 4. d at: 3 put: 5. r := OrderedCollection new. r add: (d at: 3). d add: 1 -> 2. " +
            "Association addSelector: #key withMethod: (Association compiledMethodAt: #value). d add: 5 -> 6. Association removeSelector: #key. " +
            "d add: 8 -> 9. r add: (d includesKey: 6). r add: (d includesKey: 5). r add: (d includesKey: 8). " +
            "r add: #(1 $a 'x' nil 3 #(1) nil 2.5) printString. r asArray"));

    /// <summary>
    /// The benchmark image's compiler stores without popping before ^self in setters
    /// (RichPacket>>link: is 16 129 4 120): such a setter is answered at the send site too, and
    /// the slot it stores is the one the interpreter's run stores.
    /// </summary>
    [Fact]
    public void Setters_that_store_without_popping_are_answered_at_the_send_site()
    {
        var s = new SmalltalkSession("squeakjs-benchmark.image");
        var g = new Globals(s.Vm);
        var link = g.OwnMethod(g.Lookup("RichPacket")!, "link:")!;
        Assert.Equal(SendSite.StoreSlotAnswerSelf, QuickSends.Classify(s.Vm, s.Vm.InfoOf(link), s.Vm.Mem.Image.Format, out var index, out _));
        Assert.Equal(4, index);
        // RichObject>>append:head: (compiled) sends link: to each packet it chains.
        Assert.Equal("(true true true true nil )", BothTiers("squeakjs-benchmark.image",
            "| a b c o h | a := RichPacket new. b := RichPacket new. c := RichPacket new. o := RichObject new. " +
            "a link: 5. h := o append: a head: nil. h := o append: b head: h. h := o append: c head: h. " +
            "(OrderedCollection new add: h == a; add: a link == b; add: b link == c; add: (o append: a head: nil) == a; add: a link; yourself) asArray"));
    }

    /// <summary>
    /// Spur's immediate Characters are one tag object without a class: a compiled send to them
    /// must still hit its site (their class is the key), not miss once per character.
    /// </summary>
    [Fact]
    public void Sends_to_immediate_Characters_hit_their_send_sites()
    {
        const string expr = "((String new: 3000 withAll: $a) , 'bc') asSet size";
        var s = new SmalltalkSession("cuis5.0-spur32.image", compiled: RecompiledTierTests.BodiesFor("cuis5.0-spur32.image"));
        Assert.Equal("3", s.Print(expr));
        var before = s.Vm.DirectSendMisses;
        Assert.Equal("3", s.Print(expr));
        Assert.True(s.Vm.DirectSendMisses - before < 1000, $"{s.Vm.DirectSendMisses - before} misses for 3000 characters");
    }

    /// <summary>
    /// A send site that sees ten classes keeps the ones past its two in extra entries, and a
    /// super send keeps its one target in its site: both must answer what a lookup would, also
    /// after a method is added where the site's entries point above it and removed again.
    /// </summary>
    [Theory]
    [InlineData("squeak2-mini.image", "addSelector:")]
    [InlineData("cuis5.0-spur32.image", "addSelectorSilently:")]   // its addSelector: wants the sources file
    public void Sites_that_see_many_classes_and_super_sends_follow_method_changes(string image, string add)
    {
        var r = BothTiers(image,
            "| items r | items := Array new: 10. items at: 1 put: 1; at: 2 put: $a; at: 3 put: 'x'; at: 4 put: #y; at: 5 put: 2.5; " +
            "at: 6 put: nil; at: 7 put: true; at: 8 put: (Array with: 1); at: 9 put: 3 / 4; at: 10 put: (1 to: 2). " +
            "r := OrderedCollection new. 3 timesRepeat: [r add: (items collect: [:e | e isNumber])]. " +
            "String " + add + " #isNumber withMethod: (Number compiledMethodAt: #isNumber). r add: (items collect: [:e | e isNumber]). " +
            "String removeSelector: #isNumber. r add: (items collect: [:e | e isNumber]). " +
            "2 timesRepeat: [r add: (items collect: [:e | e printString size])]. " +
            "r add: (OrderedCollection new add: 3; yourself) printString. r add: (1 to: 3) asOrderedCollection printString. " +
            "r asArray printString");
        const string f = "false", t = "true";
        var numbers = string.Join(" ", t, f, f, f, t, f, f, f, t, f);
        Assert.Contains(string.Join(" ", t, f, t, t, t, f, f, f, t, f), r);   // strings and symbols answer as numbers do
        Assert.Equal(4, r.Split(numbers).Length - 1);   // three rounds, and again after the method is removed
        Assert.Contains("OrderedCollection", r);   // printNameOn: sends printOn: (or name) to super
    }

    [Theory]
    [InlineData("squeak2-mini.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void Recursion_100000_activations_deep_works_in_both_tiers(string image) =>
        // Array>>= recurses through hasEqualElements: once per level of nesting.
        Assert.Equal("true", BothTiers(image,
            "| a b | a := #(). b := #(). 1 to: 100000 do: [:i | a := Array with: a. b := Array with: b]. a = b"));

    [Theory]
    [InlineData("cuis4.1-reduced.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void ThisContext_in_a_block_sees_the_compiled_caller_as_a_context(string image) =>
        Assert.Equal("#(#do: #(7) 32 3 #BlockClosure #DoIt false)", BothTiers(image,
            "| r | #(7) do: [:x | | c | c := thisContext sender. r := {c method selector. c receiver. c pc. c stackPtr. (c tempAt: 1) class name. c sender method selector. c sender sender == nil}]. r"));

    [Theory]
    [InlineData("cuis4.1-reduced.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void A_higher_priority_process_preempts_a_compiled_loop_which_then_goes_on(string image) =>
        // The Delay fires while Integer>>benchmark loops in compiled code; its answer must not change.
        Assert.Equal("#(#tick 1028)", BothTiers(image,
            "| log r | log := OrderedCollection new. [(Delay forMilliseconds: 20) wait. log add: #tick] forkAt: Processor activePriority + 1. r := 3000 benchmark. log add: r. log asArray"));

    [Theory]
    [InlineData("cuis4.1-reduced.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void Non_local_return_and_ensure_through_compiled_frames(string image) =>
        Assert.Equal("#(1 2 3 #e 3 5 #f 6 #z #f)", BothTiers(image,
            "| log r | log := OrderedCollection new. r := [#(1 2 3 4) detect: [:x | log add: x. x > 2]] ensure: [log add: #e]. log add: r. " +
            "[#(5 6) do: [:x | [log add: x. x = 6 ifTrue: [1/0]] ensure: [log add: #f]]] on: ZeroDivide do: [:e | log add: #z]. log asArray"));

    [Theory]
    [InlineData("squeak2-mini.image")]
    [InlineData("cuis5.0-spur32.image")]
    public void The_images_own_compiler_compiles_300_methods_in_compiled_code(string image) =>
        Assert.Equal("90600", BothTiers(image, "(1 to: 300) inject: 0 into: [:a :i | a + (Compiler evaluate: i printString, ' * 2 + 1')]"));

    [Fact]
    public void Compiling_real_method_sources_gives_the_same_methods_in_both_tiers() =>
        // Recompiles up to 60 methods of each of five classes from source; counts them and sums their sizes and literal counts.
        Assert.Matches(@"^#\(\d{3} \d+\)$", BothTiers("cuis5.0-spur32.image",
            "| n count | n := 0. count := 0. {OrderedCollection. Integer. String. Dictionary. Float} do: [:cls | | sels | " +
            "sels := cls selectors asSortedCollection asArray. (sels first: (sels size min: 60)) do: [:sel | | m | " +
            "m := (cls compilerClass new compile: (cls sourceCodeAt: sel) in: cls notifying: nil ifFail: [nil]) generate. " +
            "count := count + 1. n := n + m size + m numLiterals]]. {count. n}"));

    [Fact]
    public void An_assembly_made_from_another_image_leaves_every_method_to_the_interpreter()
    {
        var s = new SmalltalkSession("cuis5.0-spur32.image", compiled: RecompiledTierTests.BodiesFor("squeak2-mini.image"));
        Assert.Equal("#(1 4 9)", s.Print("#(1 2 3) collect: [:x | x * x]"));
        Assert.Equal(0, s.Vm.DirectCallsFromContexts);
    }

    [Fact]
    public void A_snapshots_suspended_process_resumes_in_compiled_code()
    {
        var path = TestImages.PathOf("squeakjs-headless-spur32.image");
        string Run(CompiledCode? code, out Interpreter vm)
        {
            var output = new StringWriter();
            vm = new Interpreter(ImageReader.Load(path)) { ImagePath = path, Timeout = TimeSpan.FromSeconds(60), Compiled = code, Stdout = output };
            Assert.Equal(RunOutcome.Quit, vm.Resume());
            return output.ToString();
        }
        var interpreted = Run(null, out _);
        var compiled = Run(RecompiledTierTests.BodiesFor("squeakjs-headless-spur32.image"), out var cvm);
        Assert.Contains("3 + 4 = 7", interpreted);
        Assert.Equal(interpreted, compiled);
        Assert.True(cvm.DirectResumes + cvm.DirectCallsFromContexts > 0);
    }
}

/// <summary>Snapshots other VMs saved: the snapshot primitive's answer is already on the saved stack.</summary>
public class SnapshotResumeTests
{
    [Theory]
    [InlineData("squeak2.2-bigendian.image")]
    [InlineData("cuis4.1-reduced.image")]
    public void A_snapshot_resumes_without_quitting_when_compiled_code_arrives_after_the_first_bytecode(string image)
    {
        var path = TestImages.PathOf(image);
        var code = RecompiledTierTests.BodiesFor(image);
        var vm = new Interpreter(ImageReader.Load(path)) { ImagePath = path, Timeout = TimeSpan.FromSeconds(3), InputSource = true };
        // The resumed method starts interpreted; the assembly is adopted at the next send, and
        // the method goes on in its direct body from the context: its stack must be as saved.
        var pending = new TaskCompletionSource<CompiledCode?>();
        vm.PendingCompiled = pending.Task;
        var ctx = (PointersObject)vm.ActiveProcess.Slots[Layout.ProcSuspendedContext].Obj;
        vm.InfoOf((CompiledMethodObject)ctx.Slots[Layout.CtxMethod].Obj);
        pending.SetResult(code);
        Assert.Equal(RunOutcome.Timeout, vm.Resume());
        Assert.Null(vm.QuitCode);
        Assert.True(vm.DirectResumes > 0);
    }
}
