using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using ImageAot.Runtime.Execution;

namespace ImageAot.Recompiler;

/// <summary>
/// Loads an assembly the recompiler wrote (and the cold assembly beside it, when the bodies were
/// split). Only the manifests are read now; each body is resolved by metadata token when the
/// interpreter first asks for it.
/// </summary>
public static class CompiledAssembly
{
    public static CompiledCode Load(string path)
    {
        var where = new Dictionary<ulong, Module>();
        var manifest = new Dictionary<ulong, CompiledCode.Tokens>();
        ReadManifest(path, manifest, where);
        var cold = ImageRecompiler.ColdPathFor(path);
        if (File.Exists(cold)) ReadManifest(cold, manifest, where);
        System.Reflection.MethodInfo Resolve(ulong key, int token, string name) =>
            where[key].ResolveMethod(token) is System.Reflection.MethodInfo m && m.Name == name
                ? m
                : throw new InvalidDataException($"{path}: the manifest does not match the assembly's methods");
        return new CompiledCode(manifest,
            (key, token) => Resolve(key, token, ImageRecompiler.HeapBodyPrefix + key.ToString("x16")).CreateDelegate<CompiledBody>(),
            (key, token) => Resolve(key, token, ImageRecompiler.DirectBodyPrefix + key.ToString("x16")).MethodHandle.GetFunctionPointer(),
            (key, pc, token) => Resolve(key, token, ImageRecompiler.BlockBodyName(key, pc)).MethodHandle.GetFunctionPointer());
    }

    private static void ReadManifest(string path, Dictionary<ulong, CompiledCode.Tokens> manifest, Dictionary<ulong, Module> where)
    {
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
        using var stream = assembly.GetManifestResourceStream(ImageRecompiler.ManifestResource)
            ?? throw new InvalidDataException($"{path} is not an ImageAot assembly (no manifest)");
        RuntimeReferenceCheck.Verify(assembly, path);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            // key heapToken directToken [blockPc:token ...]
            var f = line.Split(' ');
            if (f.Length < 3 || !ulong.TryParse(f[0], NumberStyles.HexNumber, null, out var key)
                || !int.TryParse(f[1], NumberStyles.HexNumber, null, out var heap) || !int.TryParse(f[2], NumberStyles.HexNumber, null, out var direct))
                throw new InvalidDataException($"{path}: bad manifest line '{line}'");
            var blocks = new (int, int)[f.Length - 3];
            for (var k = 3; k < f.Length; k++)
            {
                var b = f[k].Split(':');
                if (b.Length != 2 || !int.TryParse(b[0], NumberStyles.HexNumber, null, out var pc) || !int.TryParse(b[1], NumberStyles.HexNumber, null, out var token))
                    throw new InvalidDataException($"{path}: bad manifest line '{line}'");
                blocks[k - 3] = (pc, token);
            }
            manifest[key] = new CompiledCode.Tokens(heap, direct, blocks);
            where[key] = assembly.ManifestModule;
        }
    }
}
