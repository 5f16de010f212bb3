using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using ImageAot.Runtime.Execution;

namespace ImageAot.Recompiler;

/// <summary>
/// Loads an assembly the recompiler wrote. Only its manifest is read now; each body is resolved
/// by metadata token when the interpreter first asks for it.
/// </summary>
public static class CompiledAssembly
{
    public static CompiledCode Load(string path)
    {
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
        using var stream = assembly.GetManifestResourceStream(ImageRecompiler.ManifestResource)
            ?? throw new InvalidDataException($"{path} is not an ImageAot assembly (no manifest)");
        var manifest = new Dictionary<ulong, CompiledCode.Tokens>();
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
        }
        var module = assembly.ManifestModule;
        System.Reflection.MethodInfo Resolve(int token, string name) =>
            module.ResolveMethod(token) is System.Reflection.MethodInfo m && m.Name == name
                ? m
                : throw new InvalidDataException($"{path}: the manifest does not match the assembly's methods");
        return new CompiledCode(manifest,
            (key, token) => Resolve(token, ImageRecompiler.HeapBodyPrefix + key.ToString("x16")).CreateDelegate<CompiledBody>(),
            (key, token) => Resolve(token, ImageRecompiler.DirectBodyPrefix + key.ToString("x16")).MethodHandle.GetFunctionPointer(),
            (key, pc, token) => Resolve(token, ImageRecompiler.BlockBodyName(key, pc)).MethodHandle.GetFunctionPointer());
    }
}
