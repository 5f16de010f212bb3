using System.Security.Cryptography;
using ImageAot.Runtime.ObjectModel;

namespace ImageAot.Runtime.Bytecodes;

/// <summary>
/// Identifies a method body by content: header word, bytecodes up to the trailer, and the
/// literal shape (how many literals, and which are CompiledBlocks, whose bodies are compiled
/// with the method), and the nil-test sites it inlines (<see cref="NilTestSites"/>). Compiled code reads literal values from the CompiledMethod at run time,
/// so every method with the same key can share one body, in any image and after any re-save.
/// </summary>
public readonly record struct BodyKey(ulong Hash)
{
    public static BodyKey Of(CompiledMethodObject m, DecodedMethod decoded) => Of(m, decoded, NilTestSites.Of(decoded, m.Literals));

    /// <summary>The key, given the method's nil-test sites (<see cref="NilTestSites.Of"/>) where the caller has them anyway.</summary>
    public static BodyKey Of(CompiledMethodObject m, DecodedMethod decoded, IReadOnlyList<NilTestSite> nilTests)
    {
        var buffer = new List<byte>(16 + decoded.End + m.Literals.Length);
        buffer.AddRange(BitConverter.GetBytes(m.Header.Bits));
        buffer.AddRange(BitConverter.GetBytes(m.Literals.Length));
        foreach (var lit in m.Literals) buffer.Add(lit.Ref is CompiledMethodObject ? (byte)1 : (byte)0);
        buffer.AddRange(m.Bytes.AsSpan(0, decoded.End).ToArray());
        // Whether a send after literal blocks is a nil test depends on its selector: bodies that inline them differ.
        foreach (var site in nilTests) buffer.AddRange(BitConverter.GetBytes(site.Pc));
        var digest = SHA256.HashData(buffer.ToArray());
        return new BodyKey(BitConverter.ToUInt64(digest, 0));
    }

    public override string ToString() => Hash.ToString("x16");
}
