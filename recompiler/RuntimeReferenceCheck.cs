using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace ImageAot.Recompiler;

/// <summary>
/// Checks, when a recompiled assembly loads, that every type and member it refers to exists in the
/// runtime now loaded. Bodies are resolved lazily, so without this a stale assembly would work until
/// some body first referring to a renamed helper ran, and then end the run with a MissingMethodException.
/// Resolving the references costs a few milliseconds; it reads metadata only and compiles nothing.
/// </summary>
public static class RuntimeReferenceCheck
{
    public static void Verify(Assembly assembly, string path)
    {
        var module = assembly.ManifestModule;
        int typeRefs, memberRefs;
        using (var pe = new PEReader(File.OpenRead(path)))
        {
            var md = pe.GetMetadataReader();
            typeRefs = md.GetTableRowCount(TableIndex.TypeRef);
            memberRefs = md.GetTableRowCount(TableIndex.MemberRef);
        }
        for (var row = 1; row <= typeRefs; row++)
            Check(path, () => module.ResolveType(0x01000000 | row));
        for (var row = 1; row <= memberRefs; row++)
            Check(path, () => module.ResolveMember(0x0A000000 | row));
    }

    private static void Check(string path, Func<object?> resolve)
    {
        try
        {
            resolve();
        }
        catch (Exception e) when (e is MissingMemberException or TypeLoadException)
        {
            throw new StaleAssemblyException(path, MissingName(e));
        }
        catch (ArgumentException)
        {
            // A reference through a generic instance needs a generic context to resolve; the runtime's
            // own generic types are not where stale references come from.
        }
    }

    private static string MissingName(Exception e)
    {
        // "Method not found: 'Boolean ImageAot...StringAtDirect(...)'." -> the quoted part.
        var m = e.Message;
        var open = m.IndexOf('\'');
        var close = m.LastIndexOf('\'');
        return open >= 0 && close > open ? m[(open + 1)..close] : m;
    }
}
