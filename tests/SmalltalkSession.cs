using Xunit;
using ImageAot.Runtime.Execution;
using ImageAot.Runtime.Hosting;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.Primitives;

namespace ImageAot.Tests;

/// <summary>A freshly loaded image with an interpreter and the image's own compiler, for evaluating Smalltalk in-process.</summary>
public sealed class SmalltalkSession
{
    public readonly Interpreter Vm;
    private readonly Evaluator evaluator;

    /// <param name="compiled">
    /// The recompiled tier's bodies, in place before anything runs: a method that first runs
    /// without them (Cuis rebuilds class caches when the evaluator starts) stays interpreted.
    /// </param>
    public SmalltalkSession(string imageName, double timeoutSeconds = 60, PrimitiveTable? primitives = null, CompiledCode? compiled = null)
    {
        var path = TestImages.PathOf(imageName);
        Vm = new Interpreter(ImageReader.Load(path), primitives) { ImagePath = path, Timeout = TimeSpan.FromSeconds(timeoutSeconds), Compiled = compiled };
        evaluator = new Evaluator(Vm);
    }

    public Evaluator.Result Evaluate(string source) => evaluator.Evaluate(source);

    /// <summary>The printString of the expression's value; fails the test if evaluation failed.</summary>
    public string Print(string source)
    {
        var r = Evaluate(source);
        Assert.True(r.Ok, $"evaluating {source} failed: {r.Text}");
        return r.Text;
    }

    public static string Print(string imageName, string source) => new SmalltalkSession(imageName).Print(source);

    /// <summary>The images that have a compiler (Compiler evaluate:).</summary>
    public static readonly string[] WithCompiler =
    [
        "squeak2-mini.image", "squeakjs-benchmark.image", "squeak2.2-bigendian.image", "m5squeak-trailing-bytes.image",
        "cuis4.1-reduced.image", "cuis5.0-spur32.image",
    ];

    /// <summary>The images that have ANSI exceptions, ensure: and Delay/Semaphore processes to test.</summary>
    public static readonly string[] WithExceptions = ["cuis4.1-reduced.image", "cuis5.0-spur32.image"];
}
