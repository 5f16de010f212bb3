using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Mono.Cecil;
using TypeReference = Mono.Cecil.TypeReference;
using MemberReference = Mono.Cecil.MemberReference;

namespace ImageAot.Recompiler.Emit;

/// <summary>
/// The metadata rows that the emitted IL refers to (assembly, type and member references,
/// signatures), made from the Cecil references the emitters build. Each Cecil reference object is
/// looked up by identity first (the emitters make theirs once), then by its full name, so that
/// emitters on different Cecil modules share rows.
/// </summary>
internal sealed class MetadataReferences
{
    private readonly MetadataBuilder md;
    private readonly Dictionary<object, EntityHandle> byObject = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, EntityHandle> byName = new();
    private readonly Dictionary<string, AssemblyReferenceHandle> assemblies = new();
    private readonly Dictionary<BlobHandle, StandaloneSignatureHandle> standalone = new();

    public MetadataReferences(MetadataBuilder md) => this.md = md;

    public EntityHandle Type(TypeReference t)
    {
        if (byObject.TryGetValue(t, out var h)) return h;
        var key = "T " + t.FullName + " in " + t.Scope.Name;
        if (!byName.TryGetValue(key, out h))
        {
            if (t is Mono.Cecil.TypeSpecification)
            {
                var blob = new BlobBuilder();
                Encode(new BlobEncoder(blob).TypeSpecificationSignature(), t);
                h = md.AddTypeSpecification(md.GetOrAddBlob(blob));
            }
            else
            {
                EntityHandle scope = t.DeclaringType is { } outer ? Type(outer) : Assembly(t.Scope);
                h = md.AddTypeReference(scope, t.DeclaringType is null ? md.GetOrAddString(t.Namespace) : default, md.GetOrAddString(t.Name));
            }
            byName[key] = h;
        }
        byObject[t] = h;
        return h;
    }

    public EntityHandle Member(MemberReference m)
    {
        if (byObject.TryGetValue(m, out var h)) return h;
        var key = "M " + m.FullName + " in " + m.DeclaringType.Scope.Name;
        if (!byName.TryGetValue(key, out h))
        {
            var blob = new BlobBuilder();
            switch (m)
            {
                case FieldReference f: Encode(new BlobEncoder(blob).Field().Type(), f.FieldType); break;
                case MethodReference r when !r.HasGenericParameters && r is not GenericInstanceMethod: Signature(new BlobEncoder(blob), r); break;
                default: throw new NotSupportedException($"no metadata for member {m.FullName}");
            }
            h = md.AddMemberReference(Type(m.DeclaringType), md.GetOrAddString(m.Name), md.GetOrAddBlob(blob));
            byName[key] = h;
        }
        byObject[m] = h;
        return h;
    }

    /// <summary>A calli's signature.</summary>
    public StandaloneSignatureHandle CallSite(Mono.Cecil.CallSite site)
    {
        if (byObject.TryGetValue(site, out var h)) return (StandaloneSignatureHandle)h;
        var blob = new BlobBuilder();
        Signature(new BlobEncoder(blob), site);
        var s = Standalone(md.GetOrAddBlob(blob));
        byObject[site] = s;
        return s;
    }

    public StandaloneSignatureHandle Locals(IList<Mono.Cecil.Cil.VariableDefinition> variables)
    {
        var blob = new BlobBuilder();
        var locals = new BlobEncoder(blob).LocalVariableSignature(variables.Count);
        foreach (var v in variables)
        {
            var t = v.VariableType;
            if (t is PinnedType or RequiredModifierType or OptionalModifierType) throw new NotSupportedException($"local of type {t.FullName}");
            var isByRef = t is ByReferenceType;
            Encode(locals.AddVariable().Type(isByRef), isByRef ? ((ByReferenceType)t).ElementType : t);
        }
        return Standalone(md.GetOrAddBlob(blob));
    }

    public BlobHandle MethodSignature(IMethodSignature m)
    {
        var blob = new BlobBuilder();
        Signature(new BlobEncoder(blob), m);
        return md.GetOrAddBlob(blob);
    }

    private StandaloneSignatureHandle Standalone(BlobHandle blob)
    {
        if (!standalone.TryGetValue(blob, out var h)) standalone[blob] = h = md.AddStandaloneSignature(blob);
        return h;
    }

    private void Signature(BlobEncoder blob, IMethodSignature m)
    {
        if (m.CallingConvention != MethodCallingConvention.Default || m.ExplicitThis) throw new NotSupportedException("only default calling conventions");
        blob.MethodSignature(isInstanceMethod: m.HasThis).Parameters(m.Parameters.Count,
            ret =>
            {
                if (m.ReturnType.MetadataType == MetadataType.Void) ret.Void();
                else if (m.ReturnType is ByReferenceType r) Encode(ret.Type(isByRef: true), r.ElementType);
                else Encode(ret.Type(), m.ReturnType);
            },
            ps =>
            {
                foreach (var p in m.Parameters)
                {
                    if (p.ParameterType is ByReferenceType r) Encode(ps.AddParameter().Type(isByRef: true), r.ElementType);
                    else Encode(ps.AddParameter().Type(), p.ParameterType);
                }
            });
    }

    private void Encode(SignatureTypeEncoder e, TypeReference t)
    {
        switch (t.MetadataType)
        {
            case MetadataType.Boolean: e.Boolean(); return;
            case MetadataType.Char: e.Char(); return;
            case MetadataType.SByte: e.SByte(); return;
            case MetadataType.Byte: e.Byte(); return;
            case MetadataType.Int16: e.Int16(); return;
            case MetadataType.UInt16: e.UInt16(); return;
            case MetadataType.Int32: e.Int32(); return;
            case MetadataType.UInt32: e.UInt32(); return;
            case MetadataType.Int64: e.Int64(); return;
            case MetadataType.UInt64: e.UInt64(); return;
            case MetadataType.Single: e.Single(); return;
            case MetadataType.Double: e.Double(); return;
            case MetadataType.IntPtr: e.IntPtr(); return;
            case MetadataType.UIntPtr: e.UIntPtr(); return;
            case MetadataType.String: e.String(); return;
            case MetadataType.Object: e.Object(); return;
            case MetadataType.Array when t is ArrayType { IsVector: true } a: Encode(e.SZArray(), a.ElementType); return;
            case MetadataType.ValueType: e.Type(Type(t), isValueType: true); return;
            case MetadataType.Class: e.Type(Type(t), isValueType: false); return;
            default: throw new NotSupportedException($"no signature for type {t.FullName}");
        }
    }

    private AssemblyReferenceHandle Assembly(IMetadataScope scope)
    {
        if (scope is not AssemblyNameReference a) throw new NotSupportedException($"type scope {scope.Name}");
        if (!assemblies.TryGetValue(a.Name, out var h))
        {
            var key = a.PublicKeyToken is { Length: > 0 } token ? md.GetOrAddBlob(ImmutableArray.Create(token)) : default;
            h = md.AddAssemblyReference(md.GetOrAddString(a.Name), a.Version, string.IsNullOrEmpty(a.Culture) ? default : md.GetOrAddString(a.Culture),
                key, default, default);
            assemblies[a.Name] = h;
        }
        return h;
    }
}
