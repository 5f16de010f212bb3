using ImageAot.Recompiler.Emit;
using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.ObjectModel;
using Mono.Cecil;

namespace ImageAot.Recompiler;

/// <summary>
/// Turns every CompiledMethod of an image into one .NET assembly: one static method per
/// distinct body (methods with equal content keys share it), plus a manifest resource that
/// lists the bodies. Methods it cannot compile are listed with the reason.
/// </summary>
public static class ImageRecompiler
{
    public const string BodiesType = "ImageAot.Compiled.Bodies";
    public const string ManifestResource = "imageaot.manifest";

    public sealed record Result(int Methods, int Compiled, int DistinctBodies, IReadOnlyDictionary<string, int> NotCompiled)
    {
        /// <summary>Decoding and emitting the bodies; writing the assemblies out; precompiling them (crossgen2).</summary>
        public TimeSpan Emitting { get; init; }
        public TimeSpan Writing { get; init; }
        public TimeSpan ReadyToRun { get; init; }
    }

    /// <param name="readyToRun">Also precompile the assembly to native code (crossgen2), instead of leaving every body to the JIT.</param>
    /// <param name="hot">When given, only the bodies whose keys it holds go into <paramref name="outputPath"/> (and are
    /// precompiled); the others go into the cold assembly beside it (<see cref="ColdPathFor"/>), left to the JIT.</param>
    public static Result Recompile(SqueakImage image, string outputPath, Action<int, int>? progress = null, bool readyToRun = false, IReadOnlySet<ulong>? hot = null)
    {
        var main = new Target(Path.GetFileNameWithoutExtension(outputPath));
        var cold = hot is null ? null : new Target(Path.GetFileNameWithoutExtension(ColdPathFor(outputPath)));

        var methods = image.Objects.OfType<CompiledMethodObject>().ToList();
        var emitted = new HashSet<ulong>();
        var notCompiled = new Dictionary<string, int>();
        var compiled = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var n = 0; n < methods.Count; n++)
        {
            var m = methods[n];
            progress?.Invoke(n + 1, methods.Count);
            if (DecodedMethod.IsQuick(m, image.Format)) { compiled++; continue; }   // answered without bytecodes
            DecodedMethod decoded;
            try { decoded = DecodedMethod.Decode(m, image.Format); }
            catch (DecodeException e) { Skip("does not decode: " + e.Message); continue; }
            var nilTests = NilTestSites.Of(decoded, m.Literals);
            var key = BodyKey.Of(m, decoded, nilTests);
            if (emitted.Add(key.Hash))
            {
                var target = cold is not null && !hot!.Contains(key.Hash) ? cold : main;
                var heapToken = target.Add(target.Heap.Emit(MethodName(key), decoded));
                var directToken = 0;
                var blocks = new List<string>();
                var header = new MethodHeader(m.Header.SmallIntValue, image.Format.IsSpur);
                var compiledBlock = DecodedMethod.IsCompiledBlock(m, image.Format);
                if (DirectEmitter.CanEmit(decoded, header.NumArgs, compiledBlock) && Analyse(m, decoded, image.Format) is { } stack)
                {
                    // A CompiledBlock (SistaV1 full block) is keyed and emitted like a method; its body runs as a closure's.
                    directToken = target.Add(compiledBlock
                        ? target.Direct.EmitFullBlock(DirectBodyPrefix + key, decoded, stack, header.NumArgs, header.NumTemps)
                        : target.Direct.Emit(DirectBodyPrefix + key, decoded, stack, header.NumArgs, header.NumTemps, nilTests));
                    foreach (var start in decoded.BlockStarts)
                        if (DirectEmitter.CanEmitBlock(decoded, stack, start, out var nargs))
                            blocks.Add($" {start:x}:{target.Add(target.Direct.EmitBlock(BlockBodyName(key.Hash, start), decoded, stack, start, nargs, header.NumTemps, nilTests)):x8}");
                }
                target.Manifest.Add($"{key} {heapToken:x8} {directToken:x8}{string.Concat(blocks)}");
            }
            compiled++;
        }
        var emitting = clock.Elapsed;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        var precompiling = main.Write(outputPath, readyToRun);
        if (cold is not null) cold.Write(ColdPathFor(outputPath), readyToRun: false);
        else if (File.Exists(ColdPathFor(outputPath))) File.Delete(ColdPathFor(outputPath));   // an earlier split's bodies would be loaded beside these
        return new Result(methods.Count, compiled, emitted.Count, notCompiled)
        {
            Emitting = emitting,
            Writing = clock.Elapsed - emitting - precompiling,
            ReadyToRun = precompiling,
        };

        void Skip(string reason) => notCompiled[reason] = notCompiled.GetValueOrDefault(reason) + 1;
    }

    /// <summary>
    /// `recompile --r2r`: runs the image headless to learn which bodies its start-up runs
    /// (<see cref="StartupTraining"/>), precompiles those (ReadyToRun) into <paramref name="outputPath"/> and
    /// leaves the rest as IL in the cold assembly beside it. Precompiling every body took crossgen2
    /// over two minutes for Scratch.image; start-up needs about a tenth of them, and precompiled code
    /// for the others ran slower than the JIT's tiered code for the same bodies (Scratch's projects in
    /// turbo mode: 1.05x squeakvm against 1.51x).
    /// </summary>
    /// <param name="trainingImagePath">The image whose start-up is run: <paramref name="image"/>'s file, or the image it was
    /// made from when that copy starts otherwise (the Scratch benchmark's copy resumes into its script).</param>
    public static (Result Result, int Precompiled, TimeSpan Training) RecompileForStartup(string trainingImagePath, SqueakImage image, string outputPath, Action<int, int>? progress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var hot = StartupTraining.Run(trainingImagePath);
        var training = clock.Elapsed;
        return (Recompile(image, outputPath, progress, readyToRun: true, hot: hot), hot.Count, training);
    }

    public const string HeapBodyPrefix = "B_", DirectBodyPrefix = "D_";

    /// <summary>Where the bodies left out of a split assembly go: NAME.cold.dll beside NAME.dll.</summary>
    public static string ColdPathFor(string assemblyPath) => Path.ChangeExtension(assemblyPath, ".cold.dll");

    /// <summary>One assembly being emitted: its single type of bodies, its emitters and its manifest.</summary>
    private sealed class Target
    {
        private readonly StreamingAssembly assembly;
        public readonly BodyEmitter Heap;
        public readonly DirectEmitter Direct;
        public readonly List<string> Manifest = new();

        public Target(string name)
        {
            assembly = new StreamingAssembly(name, "ImageAot.Compiled", "Bodies");
            Heap = new BodyEmitter(assembly.Module);
            Direct = new DirectEmitter(assembly.Module);
        }

        /// <summary>Writes a body and answers its metadata token.</summary>
        public int Add(MethodDefinition md) => assembly.Add(md);

        /// <summary>Writes the assembly; answers how long precompiling it took.</summary>
        public TimeSpan Write(string path, bool readyToRun)
        {
            var manifest = System.Text.Encoding.UTF8.GetBytes(string.Join("\n", Manifest));
            if (!readyToRun)
            {
                assembly.Write(path, ManifestResource, manifest);
                return TimeSpan.Zero;
            }
            var il = Path.Combine(Directory.CreateTempSubdirectory("imageaot-r2r").FullName, Path.GetFileName(path));
            assembly.Write(il, ManifestResource, manifest);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            ReadyToRunCompiler.Compile(il, path);
            Directory.Delete(Path.GetDirectoryName(il)!, true);
            return clock.Elapsed;
        }
    }

    public static string MethodName(BodyKey key) => HeapBodyPrefix + key;

    /// <summary>The direct-call body of the Blue Book block that starts at <paramref name="pc"/> in the method with this key.</summary>
    public static string BlockBodyName(ulong key, int pc) => $"E_{key:x16}_{pc:x}";

    /// <summary>The stack depths a direct-call body needs; null for the few methods whose stack does not balance (they keep the heap-frame body only).</summary>
    private static StackAnalysis? Analyse(CompiledMethodObject m, DecodedMethod decoded, ImageFormat format)
    {
        try { return StackAnalysis.Of(m, decoded, format); }
        catch (DecodeException) { return null; }
    }
}
