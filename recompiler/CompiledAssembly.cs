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
        var manifest = new Dictionary<ulong, (int, int)>();
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(' ');
            if (f.Length != 3 || !ulong.TryParse(f[0], NumberStyles.HexNumber, null, out var key)
                || !int.TryParse(f[1], NumberStyles.HexNumber, null, out var heap) || !int.TryParse(f[2], NumberStyles.HexNumber, null, out var direct))
                throw new InvalidDataException($"{path}: bad manifest line '{line}'");
            manifest[key] = (heap, direct);
        }
        var module = assembly.ManifestModule;
        System.Reflection.MethodInfo Resolve(ulong key, int token, string prefix) =>
            module.ResolveMethod(token) is System.Reflection.MethodInfo m && m.Name == prefix + key.ToString("x16")
                ? m
                : throw new InvalidDataException($"{path}: the manifest does not match the assembly's methods");
        return new CompiledCode(manifest,
            (key, token) => Resolve(key, token, ImageRecompiler.HeapBodyPrefix).CreateDelegate<CompiledBody>(),
            (key, token) => Resolve(key, token, ImageRecompiler.DirectBodyPrefix).MethodHandle.GetFunctionPointer());
    }
}
