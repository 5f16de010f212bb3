using System.Reflection;
using System.Runtime.Loader;
using ImageAot.Runtime.Execution;

namespace ImageAot.Recompiler;

/// <summary>Loads an assembly the recompiler wrote and hands out its bodies by content key.</summary>
public static class CompiledAssembly
{
    public static CompiledCode Load(string path)
    {
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
        var type = assembly.GetType(ImageRecompiler.BodiesType)
            ?? throw new InvalidDataException($"{path} is not an ImageAot assembly (no {ImageRecompiler.BodiesType})");
        var code = new CompiledCode();
        foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (m.Name.Length < 3 || !ulong.TryParse(m.Name.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out var key)) continue;
            if (m.Name.StartsWith(ImageRecompiler.HeapBodyPrefix, StringComparison.Ordinal)) code.Bodies[key] = m.CreateDelegate<CompiledBody>();
            else if (m.Name.StartsWith(ImageRecompiler.DirectBodyPrefix, StringComparison.Ordinal)) code.DirectEntries[key] = m.MethodHandle.GetFunctionPointer();
        }
        return code;
    }
}
