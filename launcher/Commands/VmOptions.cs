using System.CommandLine;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Image;

namespace ImageAot.Launcher.Commands;

/// <summary>Options every command that runs Smalltalk shares: limits and diagnostics.</summary>
public sealed class VmOptions
{
    public readonly Option<double> Timeout = new("--timeout") { Description = "stop after this many seconds (0 = no limit)", DefaultValueFactory = _ => 60 };
    public readonly Option<int> MaxHeapMb = new("--max-heap") { Description = "heap limit in MB", DefaultValueFactory = _ => 4096 };
    public readonly Option<bool> TraceMissing = new("--trace-missing") { Description = "report each primitive the image calls that is not implemented (once per name)" };
    public readonly Option<string?> Assembly = new("--assembly") { Description = "compiled bodies to use (default: out/NAME.dll when it exists)" };
    public readonly Option<bool> InterpretOnly = new("--interpret-only") { Description = "ignore any compiled assembly: interpret every method" };

    /// <param name="assemblyOption">Offer --assembly (a bundle carries its own code and does not).</param>
    /// <param name="timeoutOption">Offer --timeout (a command with limits of its own does not).</param>
    public void AddTo(Command c, bool assemblyOption = true, bool timeoutOption = true)
    {
        if (timeoutOption) c.Options.Add(Timeout);
        c.Options.Add(MaxHeapMb);
        c.Options.Add(TraceMissing);
        if (assemblyOption) c.Options.Add(Assembly);
        c.Options.Add(InterpretOnly);
    }

    /// <summary>
    /// Loads the image and, unless interpreting only, its compiled code. The assembly loads on
    /// another thread while the image is read and the first bytecodes run (the interpreter takes
    /// it up when it is there), so that a recompiled image starts as fast as an interpreted one.
    /// </summary>
    /// <param name="compiledFor">The image whose default assembly to use, when <paramref name="imagePath"/> is a copy of it.</param>
    /// <param name="afterFirstFrame">A session that shows the image: see <see cref="StartLoading"/>.</param>
    public Interpreter CreateInterpreter(ParseResult result, string imagePath, string? compiledFor = null, bool afterFirstFrame = false)
    {
        Interpreter? vm = null;
        Func<bool>? startWhen = afterFirstFrame ? () => vm?.Screen.EverShown == true : null;
        var compiled = result.GetValue(InterpretOnly) ? null : LoadCompiledCode(result, compiledFor ?? imagePath, startWhen);
        vm = CreateInterpreter(result, ImageReader.Load(imagePath), imagePath, compiled);
        return vm;
    }

    /// <summary>
    /// Sends from the interpreter before a method runs compiled (Interpreter.AttachAfterCalls).
    /// Scratch's start-up to its first frame: 2.7 s compiling every method at its first call on a
    /// loaded machine, about 0.6-0.9 s with a count of 8-16 (0.5 s interpreted only).
    /// IMAGEAOT_ATTACH_AFTER overrides it, for measuring.
    /// </summary>
    private static int WarmUpCalls =>
        int.TryParse(Environment.GetEnvironmentVariable("IMAGEAOT_ATTACH_AFTER"), out var n) && n > 0 ? n : 16;

    /// <summary>An interpreter for an image already read (a bundle's), whose compiled code is loading in <paramref name="compiled"/>.</summary>
    public Interpreter CreateInterpreter(ParseResult result, SqueakImage image, string imagePath, Task<CompiledCode?>? compiled)
    {
        var vm = new Interpreter(image)
        {
            TraceMissing = result.GetValue(TraceMissing),
            HeapLimitBytes = (long)result.GetValue(MaxHeapMb) << 20,
            ImagePath = Path.GetFullPath(imagePath),
            AttachAfterCalls = WarmUpCalls,
        };
        vm.PendingCompiled = compiled;
        var seconds = result.GetValue(Timeout);
        if (seconds < 0) throw new UsageException("--timeout must not be negative");
        vm.Timeout = seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
        return vm;
    }

    private Task<CompiledCode?>? LoadCompiledCode(ParseResult result, string imagePath, Func<bool>? startWhen)
    {
        var assembly = result.GetValue(Assembly) ?? Path.Combine("out", Path.GetFileNameWithoutExtension(imagePath) + ".dll");
        if (result.GetValue(Assembly) is not null && !File.Exists(assembly)) throw new UsageException($"no assembly at {assembly}");
        // Bodies are matched to methods by content, so an assembly made from another image is safe: nothing matches.
        if (!File.Exists(assembly)) return null;
        // Loading goes on in the background; what is plainly not an assembly is refused now, in one line.
        using (var f = File.OpenRead(assembly))
            if (f.ReadByte() != 'M' || f.ReadByte() != 'Z') throw new InvalidDataException($"{assembly} is not an ImageAot assembly");
        return StartLoading(assembly, interpretIfStale: result.GetValue(Assembly) is null, startWhen);
    }

    /// <summary>Loads an assembly's compiled code on another thread and warms it up.</summary>
    /// <param name="interpretIfStale">For the assembly found by default (out/NAME.dll): one made by an
    /// earlier build is reported and the image runs interpreted; one the user named is an error.</param>
    /// <param name="startWhen">Wait until this holds (or <see cref="LongestDeferral"/> has passed) before
    /// loading. A GUI image's start-up to its first frame runs once and interpreting it is cheaper than
    /// compiling it: loading beside it and jitting bodies for it made Scratch's first frame 30-60 ms
    /// later than with --interpret-only.</param>
    public static Task<CompiledCode?> StartLoading(string assembly, bool interpretIfStale = false, Func<bool>? startWhen = null)
    {
        var done = new TaskCompletionSource<CompiledCode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loader = new Thread(() =>
        {
            try
            {
                if (startWhen is not null) WaitUntil(startWhen);
                var code = Recompiler.CompiledAssembly.Load(assembly);
                code.Warm();
                done.SetResult(code);
            }
            catch (Recompiler.StaleAssemblyException e) when (interpretIfStale)
            {
                Console.Error.WriteLine($"warning: {e.Message}; running interpreted");
                done.SetResult(null);
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = "assembly loader" };
        loader.Start();
        return done.Task;
    }

    /// <summary>The longest a deferred load waits for its condition (an image that never draws).</summary>
    private static readonly TimeSpan LongestDeferral = TimeSpan.FromSeconds(1.5);

    private static void WaitUntil(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < LongestDeferral) Thread.Sleep(10);
    }
}

/// <summary>A wrong command line: reported as one line, exit 1.</summary>
public sealed class UsageException(string message) : Exception(message);
