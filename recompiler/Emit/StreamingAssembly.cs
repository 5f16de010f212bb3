using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using Mono.Cecil;
using ModuleDefinition = Mono.Cecil.ModuleDefinition;
using MethodDefinition = Mono.Cecil.MethodDefinition;

namespace ImageAot.Recompiler.Emit;

/// <summary>
/// An assembly with one static class whose methods are written out as they are added: each
/// Cecil method becomes metadata rows and IL bytes at once and is not kept, so memory holds bytes,
/// not every instruction of the image. The emitters still build their methods with Cecil (on
/// <see cref="Module"/>, which only serves them types and imports).
/// </summary>
public sealed class StreamingAssembly
{
    private readonly MetadataBuilder md = new();
    private readonly BlobBuilder il = new(1 << 20);
    private readonly MethodBodyStreamEncoder bodies;
    private readonly MetadataReferences refs;
    private readonly string name, ns, typeName;
    private int methods, parameters;

    /// <summary>The Cecil module the emitters import their references into; nothing is written from it.</summary>
    public ModuleDefinition Module { get; }

    public StreamingAssembly(string name, string ns, string typeName)
    {
        this.name = name;
        this.ns = ns;
        this.typeName = typeName;
        Module = ModuleDefinition.CreateModule(name, ModuleKind.Dll);
        bodies = new MethodBodyStreamEncoder(il);
        refs = new MetadataReferences(md);
    }

    /// <summary>Writes a static method of the class and answers its metadata token (MethodDef rows follow the order methods are added).</summary>
    public int Add(MethodDefinition m)
    {
        if (!m.IsStatic) throw new ArgumentException($"{m.Name} is not static");
        var offset = m.HasBody ? IlEncoder.Encode(m.Body, bodies, refs) : -1;
        var firstParameter = MetadataTokens.ParameterHandle(parameters + 1);
        foreach (var p in m.Parameters)
        {
            md.AddParameter((System.Reflection.ParameterAttributes)p.Attributes, md.GetOrAddString(p.Name), p.Index + 1);
            parameters++;
        }
        md.AddMethodDefinition((System.Reflection.MethodAttributes)m.Attributes, (System.Reflection.MethodImplAttributes)m.ImplAttributes,
            md.GetOrAddString(m.Name), refs.MethodSignature(m), offset, firstParameter);
        methods++;
        return 0x06000000 | methods;
    }

    public void Write(string path, string resourceName, byte[] resource)
    {
        var baseType = refs.Type(Module.TypeSystem.Object);
        var mvid = md.ReserveGuid();
        md.AddModule(0, md.GetOrAddString(name), mvid.Handle, default, default);
        md.AddAssembly(md.GetOrAddString(name), new Version(1, 0, 0, 0), default, default, default, System.Reflection.AssemblyHashAlgorithm.Sha1);
        md.AddTypeDefinition(default, default, md.GetOrAddString("<Module>"), default,
            MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
        md.AddTypeDefinition(System.Reflection.TypeAttributes.Public | System.Reflection.TypeAttributes.Abstract | System.Reflection.TypeAttributes.Sealed | System.Reflection.TypeAttributes.Class,
            md.GetOrAddString(ns), md.GetOrAddString(typeName), baseType,
            MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
        var resources = new BlobBuilder();
        resources.WriteInt32(resource.Length);
        resources.WriteBytes(resource);
        md.AddManifestResource(System.Reflection.ManifestResourceAttributes.Public, md.GetOrAddString(resourceName), default, 0);

        var pe = new ManagedPEBuilder(
            new PEHeaderBuilder(imageCharacteristics: Characteristics.ExecutableImage | Characteristics.Dll | Characteristics.LargeAddressAware),
            new MetadataRootBuilder(md), il, managedResources: resources,
            // The module id and time stamp are a hash of the contents: the same image always gives the same bytes.
            deterministicIdProvider: content => BlobContentId.FromHash(HashOf(content)));
        var image = new BlobBuilder();
        var id = pe.Serialize(image);
        new BlobWriter(mvid.Content).WriteGuid(id.Guid);
        using var file = File.Create(path);
        image.WriteContentTo(file);
    }

    private static ImmutableArray<byte> HashOf(IEnumerable<Blob> content)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var blob in content) sha.AppendData(blob.GetBytes());
        return ImmutableArray.Create(sha.GetHashAndReset());
    }
}
