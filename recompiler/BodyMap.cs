using ImageAot.Runtime.Bytecodes;
using ImageAot.Runtime.Image;
using ImageAot.Runtime.Inspection;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Recompiler;

/// <summary>
/// `recompile --map`: which Class>>selector each emitted body name stands for, one line per
/// method (`D_&lt;key&gt; Class>>selector`), so a perf profile of the compiled tier, which names the
/// bodies by their key, can be read. Methods that share a body share its name.
/// </summary>
public static class BodyMap
{
    public static void Write(SqueakImage image, string path)
    {
        var names = new ClassNames(image);
        var owners = new MethodDirectory(image, names).Owners;
        var lines = new List<string>();
        foreach (var o in image.Objects)
        {
            if (o is not CompiledMethodObject m || DecodedMethod.IsQuick(m, image.Format)) continue;
            DecodedMethod decoded;
            try { decoded = DecodedMethod.Decode(m, image.Format); }
            catch (DecodeException) { continue; }
            var owner = owners.TryGetValue(m, out var at) ? $"{names.NameOf(at.Class)}>>{at.Selector}" : "(not installed)";
            lines.Add($"{ImageRecompiler.DirectBodyPrefix}{BodyKey.Of(m, decoded)} {owner}");
        }
        lines.Sort(StringComparer.Ordinal);
        File.WriteAllLines(path, lines);
    }
}
