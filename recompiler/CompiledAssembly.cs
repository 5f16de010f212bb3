using System.Reflection;
using System.Runtime.Loader;
using ImageAot.Runtime.Execution;

namespace ImageAot.Recompiler;

/// <summary>Loads an assembly the recompiler wrote and hands out its bodies by content key.</summary>
public static class CompiledAssembly
{
    public static Dictionary<ulong, CompiledBody> Load(string path)
    {
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
        var type = assembly.GetType(ImageRecompiler.BodiesType)
            ?? throw new InvalidDataException($"{path} is not an ImageAot assembly (no {ImageRecompiler.BodiesType})");
        var bodies = new Dictionary<ulong, CompiledBody>();
        foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.Static))
            if (m.Name.StartsWith("B_", StringComparison.Ordinal) && ulong.TryParse(m.Name.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out var key))
                bodies[key] = m.CreateDelegate<CompiledBody>();
        return bodies;
    }
}
