using ImageAot.Recompiler;
using Xunit;
using static ImageAot.Tests.SistaHost;

namespace ImageAot.Tests;

/// <summary>
/// The recompiled tier on an image whose every method is SistaV1 (CodeParadise's kernel): the
/// image's own methods, sent from the host, answer the same in the interpreter and in compiled
/// code, and the compiled run really runs the Sista methods and full blocks in direct bodies.
/// </summary>
public class SistaRecompiledTierTests
{
    public static readonly Dictionary<string, Func<SistaHost, string>> Cases = new()
    {
        ["large integer arithmetic and printing"] = h =>
            h.Print(h.Send(Int(2), "raisedTo:", Int(200))) + " " + h.Print(h.Send(h.Send(Int(1), "bitShift:", Int(70)), "//", Int(12345)))
            + " " + h.Print(h.Send(Int(-1000000007), "*", Int(998244353))) + " " + h.Print(h.Send(Int(-17), "\\\\", Int(5))),
        ["float printing"] = h =>
            h.Print(h.Send(h.Send(Int(2), "asFloat"), "sqrt")) + " " + h.Print(h.Send(h.Send(Int(1), "asFloat"), "/", Int(3)))
            + " " + h.Print(h.Send(h.Send(h.Send(Int(3), "@", Int(4)), "r"), "rounded")),
        // Full blocks copying values and temp vectors (sum, occurrencesOf:), answering with ^ from inside do: (includes:, detect:ifNone:, anySatisfy:), sort blocks.
        ["collections through full blocks"] = h =>
        {
            var interval = h.Send(Int(1), "to:", Int(30));
            var digits = h.Array(Int(3), Int(1), Int(4), Int(1), Int(5), Int(9), Int(2), Int(6));
            return string.Join(" | ",
                h.Print(h.Send(interval, "select:", h.Message(Int(20), "<"))),
                h.Print(h.Send(interval, "collect:", h.Message(Int(3), "*"))),
                h.Print(h.Send(h.Send(digits, "asSortedCollection"), "asArray")),
                h.Print(h.Send(h.Send(digits, "copy"), "sort")),
                h.Print(h.Send(h.Send(digits, "asSet"), "size")),
                h.Print(h.Send(digits, "occurrencesOf:", Int(1))),
                h.Print(h.Send(interval, "sum")),
                h.Print(h.Send(interval, "detect:ifNone:", h.Message(Int(7), "<"), h.Message(Int(0), "yourself"))),
                h.Print(h.Send(interval, "anySatisfy:", h.Message(Int(29), "<"))),
                h.Print(h.Send(interval, "includes:", Int(12))), h.Print(h.Send(interval, "includes:", Int(99))));
        },
        // SortedCollection>>addAll:'s block [:each | super addLast: each] is a directed super send (the class comes off the stack).
        ["super send from a full block"] = h =>
        {
            var sorted = h.Send(h.Global("SortedCollection"), "new");
            h.Send(sorted, "addAll:", h.Array(Int(5), Int(3), Int(9), Int(1)));
            h.Send(sorted, "addAll:", h.Array(Int(4)));
            h.Send(sorted, "addAll:", h.Array(Int(8), Int(0), Int(7), Int(2), Int(6)));
            return h.Print(h.Send(sorted, "asArray"));
        },
        ["streams and strings"] = h =>
        {
            var stream = h.Send(h.Global("ReadStream"), "on:", h.Array(Int(1), Int(2), Int(3), Int(4), Int(5)));
            var ws = h.Send(h.Global("WriteStream"), "on:", h.Send(h.Global("String"), "new:", Int(4)));
            h.Send(ws, "print:", h.Send(Int(3), "raisedTo:", Int(50)));
            h.Send(ws, "nextPutAll:", h.Str(" and "));
            h.Send(ws, "print:", h.Send(Int(7), "@", Int(-2)));
            return string.Join(" | ",
                h.Print(h.Send(stream, "upTo:", Int(3))), h.Print(h.Send(stream, "upToEnd")), h.Print(h.Send(ws, "contents")),
                h.Print(h.Send(h.Str("abc"), ",", h.Str("def"))), h.Print(h.Send(h.Sym("at:put:"), "numArgs")));
        },
        // Array>>printOn: nests once per level: far deeper than the direct frames go before they flush to contexts.
        ["deep recursion printing nested arrays"] = h =>
        {
            var nested = h.Array(Int(0));
            for (var i = 1; i <= 1000; i++) nested = h.Array(nested, Int(i));
            var printed = h.Print(nested);
            return printed.Length + " " + printed[..24] + " " + printed[^24..];
        },
        ["unhandled error traps the same way"] = h =>
        {
            try { h.Send(h.Send(h.Global("Dictionary"), "new"), "at:", Int(3)); return "no error"; }
            catch (Trapped t) { return t.Message; }
        },
        // The error is raised in a full block (Dictionary>>at:'s [self errorKeyNotFound]) inside Mutex>>critical:'s
        // block, whose ensure: block (a full block on that block's context) must run when the handler returns.
        ["on:do: and ensure: unwinding through full blocks"] = h =>
        {
            var d = h.Send(h.Global("Dictionary"), "new");
            var failing = h.Block("Dictionary", "at:", 0, d);
            var log = h.Send(h.Global("OrderedCollection"), "new");
            var handled = h.Send(failing, "on:do:", h.Global("Error"), h.Message(log, "add:"));
            var mutex = h.Send(h.Global("Mutex"), "new");
            var critical = h.Block("Mutex", "critical:", 0, mutex, failing, h.Str("owner"));
            h.Send(critical, "on:do:", h.Global("Error"), h.Message(log, "add:"));
            return string.Join(" ", h.Print(h.Send(handled, "messageText")), h.Print(h.Send(log, "size")),
                h.Print(h.Send(h.Send(mutex, "instVarAt:", Int(2)), "isNil")));
        },
        ["announcements through critical: and ifCurtailed:"] = h =>
        {
            var announcer = h.Send(h.Global("Announcer"), "new");
            var log = h.Send(h.Global("OrderedCollection"), "new");
            h.Send(announcer, "when:do:", h.Global("Announcement"), h.Message(log, "add:"));
            for (var i = 0; i < 3; i++) h.Send(announcer, "announce:", h.Send(h.Global("Announcement"), "new"));
            return h.Print(h.Send(log, "size"));
        },
        // The host's process waits on a semaphore; the forked process (Semaphore>>critical:'s [caught ifTrue: [self signal]]) signals it.
        ["process switch through a semaphore"] = h =>
        {
            var sem = h.Send(h.Global("Semaphore"), "new");
            var signaller = h.Block("Semaphore", "critical:", 1, sem, h.Array(h.Vm.Mem.TrueV, h.Vm.Mem.TrueV));
            h.Send(signaller, "fork");
            h.Send(sem, "wait");
            return h.Print(h.Send(sem, "instVarAt:", Int(3)));
        },
    };

    public static IEnumerable<object[]> CaseNames() => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Image_methods_answer_the_same_in_both_tiers(string name)
    {
        var interpreted = Run(name, compiled: false, out _);
        var compiled = Run(name, compiled: true, out var vm);
        Assert.Equal(interpreted, compiled);
        Assert.True(vm.Vm.DirectCallsFromContexts > 0, "no Sista method ran in a direct-call body");
    }

    [Fact]
    public void Full_blocks_run_in_their_own_bodies_and_Sista_contexts_resume_in_compiled_code()
    {
        Assert.Equal("'key not found' 2 true", Run("on:do: and ensure: unwinding through full blocks", compiled: true, out var host));
        Assert.True(host.Vm.DirectBlockRuns > 0, "no full block ran in its direct body");
        Assert.True(host.Vm.DirectResumes > 0, "no Sista context went on in its direct body");
        var collections = Run("collections through full blocks", compiled: true, out host);
        Assert.Equal("#(21 22 23 24 25 26 27 28 29 30 ) | #(3 6 9 12 15 18 21 24 27 30 33 36 39 42 45 48 51 54 57 60 63 66 69 72 75 78 81 84 87 90 ) | "
            + "#(1 1 2 3 4 5 6 9 ) | #(1 1 2 3 4 5 6 9 ) | 7 | 2 | 465 | 8 | true | true | false", collections);
        Assert.True(host.Vm.DirectBlockRuns > 0, "no full block ran in its direct body");
        Assert.Equal("7898 #(#(#(#(#(#(#(#(#(#(#(#( 997 ) 998 ) 999 ) 1000 )", Run("deep recursion printing nested arrays", compiled: true, out host));
        Assert.True(host.Vm.DirectResumes > 0, "the flushed recursion did not go on in compiled code");
    }

    [Fact]
    public void Recompile_compiles_every_method_and_block_and_start_up_runs_the_same_in_both_tiers()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-sista").FullName;
        try
        {
            var dll = Path.Combine(dir, "cp.dll");
            var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "recompile.dll"), TestImages.PathOf(Image), "-o", dll], TimeSpan.FromMinutes(2));
            Assert.Equal(0, r.ExitCode);
            Assert.DoesNotContain("not compiled", r.Stdout);
            // 1,633 methods and the CompiledBlocks of their full blocks.
            var counts = System.Text.RegularExpressions.Regex.Match(r.Stdout, @"compiled (\d+)/(\d+) methods");
            Assert.True(counts.Success, r.Stdout);
            Assert.Equal(counts.Groups[2].Value, counts.Groups[1].Value);
            Assert.True(int.Parse(counts.Groups[1].Value) > 1633);

            // Start-up calls CodeParadise's own plugin (missing here: the image's fallbacks run), then waits for its server.
            var interpreted = LauncherCli.Run("run", TestImages.PathOf(Image), "--headless", "--trace-missing", "--timeout", "3", "--interpret-only");
            var compiled = LauncherCli.Run("run", TestImages.PathOf(Image), "--headless", "--trace-missing", "--timeout", "3", "--assembly", dll);
            Assert.Contains("CpSystemPlugin>>primitiveSymbolFromString:", interpreted.Stderr);
            Assert.Equal((interpreted.ExitCode, interpreted.Stdout, interpreted.Stderr), (compiled.ExitCode, compiled.Stdout, compiled.Stderr));
            // Without --trace-missing, methods whose primitive is missing go straight to their compiled bodies.
            interpreted = LauncherCli.Run("run", TestImages.PathOf(Image), "--headless", "--timeout", "3", "--interpret-only");
            compiled = LauncherCli.Run("run", TestImages.PathOf(Image), "--headless", "--timeout", "3", "--assembly", dll);
            Assert.Equal((interpreted.ExitCode, interpreted.Stdout, interpreted.Stderr), (compiled.ExitCode, compiled.Stdout, compiled.Stderr));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void The_recompiler_leaves_no_Sista_method_or_block_without_bodies()
    {
        var dir = Directory.CreateTempSubdirectory("imageaot-sista").FullName;
        try
        {
            var image = TestImages.Shared(Image);
            var r = ImageRecompiler.Recompile(image, Path.Combine(dir, "cp.dll"));
            Assert.Empty(r.NotCompiled);
            Assert.Equal(r.Methods, r.Compiled);
            var code = CompiledAssembly.Load(Path.Combine(dir, "cp.dll"));
            // Every method and block with bytecodes has a heap-frame body and a direct-call body; a block only if it takes at most 4 arguments (as for V3).
            var blocks = 0;
            foreach (var m in image.Objects.OfType<ImageAot.Runtime.ObjectModel.CompiledMethodObject>())
            {
                if (ImageAot.Runtime.Bytecodes.DecodedMethod.IsQuick(m, image.Format)) continue;
                var decoded = ImageAot.Runtime.Bytecodes.DecodedMethod.Decode(m, image.Format);
                Assert.True(code.TryGet(ImageAot.Runtime.Bytecodes.BodyKey.Of(m, decoded).Hash, out var body, out var direct, out _));
                Assert.NotNull(body);
                var numArgs = new ImageAot.Runtime.Image.MethodHeader(m.Header.SmallIntValue, true).NumArgs;
                var isBlock = ImageAot.Runtime.Bytecodes.DecodedMethod.IsCompiledBlock(m, image.Format);
                Assert.Equal(!isBlock || numArgs <= 4, direct != 0);
                if (isBlock) blocks++;
            }
            Assert.Equal(r.Methods - 1633, blocks);
        }
        finally { Directory.Delete(dir, true); }
    }

    private static string Run(string name, bool compiled, out SistaHost host)
    {
        host = new SistaHost(compiled);
        return Cases[name](host);
    }
}
