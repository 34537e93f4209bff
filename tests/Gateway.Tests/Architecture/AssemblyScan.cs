using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>
/// One assembly's type definitions and every type each one mentions: base type, interfaces, members' signatures,
/// generic constraints, custom attributes, locals, catch clauses and every token in its IL. Nested types
/// (display classes, state machines) count as their outermost declaring type. Using directives in scope of its methods
/// are references too, to a namespace (or a type), marked as such.
/// </summary>
internal sealed class AssemblyScan(PEReader pe, UsingDirectives usings)
{
    private readonly MetadataReader _md = pe.GetMetadataReader();
    private readonly SignatureHandles _signatures = SignatureHandles.Instance;

    public string Name => _md.GetString(_md.GetAssemblyDefinition().Name);

    public IReadOnlyList<string> AssemblyReferences() =>
        _md.AssemblyReferences.Select(h => _md.GetString(_md.GetAssemblyReference(h).Name)).ToList();

    public IEnumerable<string> Namespaces() => _md.TypeDefinitions.Select(Owner).OfType<TypeId>().Select(t => t.Namespace).Distinct();

    /// <param name="ourAssemblies">The assemblies whose types are ours.</param>
    /// <param name="ourNamespaces">Which of those assemblies defines each of our namespaces.</param>
    public IEnumerable<TypeEdge> Edges(IReadOnlySet<string> ourAssemblies, IReadOnlyDictionary<string, string> ourNamespaces)
    {
        foreach (var handle in _md.TypeDefinitions)
        {
            if (Owner(handle) is not { } from)
            {
                continue;
            }
            var type = _md.GetTypeDefinition(handle);
            var mentioned = Mentioned(type).SelectMany(h => Resolve(h, ourAssemblies));
            var imported = type.GetMethods().SelectMany(usings.Of).SelectMany(import => import.Namespace is { } ns
                ? ourNamespaces.TryGetValue(ns, out var assembly) ? [new TypeId(assembly, ns, "")] : []
                : Resolve(import.Type, ourAssemblies));
            foreach (var to in mentioned.Distinct().Where(to => to != from))
            {
                yield return new TypeEdge(from, to);
            }
            foreach (var to in imported.Distinct())
            {
                yield return new TypeEdge(from, to, ByUsing: true);
            }
        }
    }

    private IEnumerable<EntityHandle> Mentioned(TypeDefinition type)
    {
        List<EntityHandle> handles = [type.BaseType, .. Attributes(type.GetCustomAttributes()), .. GenericParameters(type.GetGenericParameters())];
        foreach (var implementation in type.GetInterfaceImplementations().Select(_md.GetInterfaceImplementation))
        {
            handles.AddRange([implementation.Interface, .. Attributes(implementation.GetCustomAttributes())]);
        }
        foreach (var field in type.GetFields().Select(_md.GetFieldDefinition))
        {
            handles.AddRange([.. field.DecodeSignature(_signatures, null), .. Attributes(field.GetCustomAttributes())]);
        }
        foreach (var property in type.GetProperties().Select(_md.GetPropertyDefinition))
        {
            handles.AddRange([.. SignatureHandles.All(property.DecodeSignature(_signatures, null)), .. Attributes(property.GetCustomAttributes())]);
        }
        foreach (var @event in type.GetEvents().Select(_md.GetEventDefinition))
        {
            handles.AddRange([@event.Type, .. Attributes(@event.GetCustomAttributes())]);
        }
        handles.AddRange(type.GetMethodImplementations().Select(m => _md.GetMethodImplementation(m).MethodDeclaration));
        handles.AddRange(type.GetMethods().SelectMany(Method));
        return handles.Where(h => !h.IsNil);
    }

    private IEnumerable<EntityHandle> Method(MethodDefinitionHandle handle)
    {
        var method = _md.GetMethodDefinition(handle);
        List<EntityHandle> handles =
        [
            .. SignatureHandles.All(method.DecodeSignature(_signatures, null)),
            .. Attributes(method.GetCustomAttributes()),
            .. method.GetParameters().SelectMany(p => Attributes(_md.GetParameter(p).GetCustomAttributes())),
            .. GenericParameters(method.GetGenericParameters()),
        ];
        if (method.RelativeVirtualAddress == 0)
        {
            return handles;
        }
        var body = pe.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            handles.AddRange(_md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_signatures, null).SelectMany(l => l));
        }
        handles.AddRange(body.ExceptionRegions.Select(r => r.CatchType));
        handles.AddRange(IlTokens.In(body));
        return handles;
    }

    private IEnumerable<EntityHandle> GenericParameters(GenericParameterHandleCollection parameters) =>
        parameters.Select(_md.GetGenericParameter).SelectMany(p =>
            Attributes(p.GetCustomAttributes()).Concat(p.GetConstraints().Select(_md.GetGenericParameterConstraint)
                .SelectMany(c => Attributes(c.GetCustomAttributes()).Append(c.Type))));

    private IEnumerable<EntityHandle> Attributes(CustomAttributeHandleCollection attributes) =>
        attributes.Select(a => _md.GetCustomAttribute(a).Constructor);

    private IEnumerable<TypeId> Resolve(EntityHandle handle, IReadOnlySet<string> ours) => handle.Kind switch
    {
        HandleKind.TypeDefinition => Owner((TypeDefinitionHandle)handle) is { } id ? [id] : [],
        HandleKind.TypeReference => Referenced((TypeReferenceHandle)handle, ours) is { } id ? [id] : [],
        HandleKind.TypeSpecification => _md.GetTypeSpecification((TypeSpecificationHandle)handle)
            .DecodeSignature(_signatures, null).SelectMany(h => Resolve(h, ours)),
        HandleKind.MemberReference => Resolve(_md.GetMemberReference((MemberReferenceHandle)handle).Parent, ours),
        HandleKind.MethodDefinition => Resolve(_md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType(), ours),
        HandleKind.FieldDefinition => Resolve(_md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType(), ours),
        HandleKind.MethodSpecification => MethodSpecification((MethodSpecificationHandle)handle, ours),
        HandleKind.StandaloneSignature => StandaloneSignature((StandaloneSignatureHandle)handle).SelectMany(h => Resolve(h, ours)),
        _ => [],
    };

    private IEnumerable<TypeId> MethodSpecification(MethodSpecificationHandle handle, IReadOnlySet<string> ours)
    {
        var spec = _md.GetMethodSpecification(handle);
        var arguments = spec.DecodeSignature(_signatures, null).SelectMany(a => a);
        return Resolve(spec.Method, ours).Concat(arguments.SelectMany(h => Resolve(h, ours)));
    }

    private ImmutableArray<EntityHandle> StandaloneSignature(StandaloneSignatureHandle handle)
    {
        var signature = _md.GetStandaloneSignature(handle);
        return signature.GetKind() == StandaloneSignatureKind.Method
            ? SignatureHandles.All(signature.DecodeMethodSignature(_signatures, null))
            : [.. signature.DecodeLocalSignature(_signatures, null).SelectMany(l => l)];
    }

    private TypeId? Owner(TypeDefinitionHandle handle)
    {
        var type = _md.GetTypeDefinition(handle);
        while (type.IsNested)
        {
            type = _md.GetTypeDefinition(type.GetDeclaringType());
        }
        return Id(Name, type.Namespace, type.Name);
    }

    private TypeId? Referenced(TypeReferenceHandle handle, IReadOnlySet<string> ours)
    {
        var type = _md.GetTypeReference(handle);
        while (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            type = _md.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
        }
        var assembly = type.ResolutionScope.Kind switch
        {
            HandleKind.AssemblyReference => _md.GetString(_md.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name),
            HandleKind.ModuleDefinition => Name,
            _ => null,
        };
        return assembly is not null && ours.Contains(assembly) ? Id(assembly, type.Namespace, type.Name) : null;
    }

    private TypeId? Id(string assembly, StringHandle @namespace, StringHandle name)
    {
        var ns = _md.GetString(@namespace);
        var simple = _md.GetString(name);
        return DependencyReader.IsOurs(ns) ? new TypeId(assembly, ns, simple.Split('`')[0]) : null;
    }
}
