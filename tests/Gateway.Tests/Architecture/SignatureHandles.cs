using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>Decodes a signature into every type handle it mentions: element types, generic arguments, modifiers.</summary>
internal sealed class SignatureHandles : ISignatureTypeProvider<ImmutableArray<EntityHandle>, object?>
{
    public static readonly SignatureHandles Instance = new();

    private static readonly ImmutableArray<EntityHandle> None = [];

    public ImmutableArray<EntityHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;

    public ImmutableArray<EntityHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

    public ImmutableArray<EntityHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => [handle];

    public ImmutableArray<EntityHandle> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public ImmutableArray<EntityHandle> GetSZArrayType(ImmutableArray<EntityHandle> elementType) => elementType;

    public ImmutableArray<EntityHandle> GetArrayType(ImmutableArray<EntityHandle> elementType, ArrayShape shape) => elementType;

    public ImmutableArray<EntityHandle> GetByReferenceType(ImmutableArray<EntityHandle> elementType) => elementType;

    public ImmutableArray<EntityHandle> GetPointerType(ImmutableArray<EntityHandle> elementType) => elementType;

    public ImmutableArray<EntityHandle> GetPinnedType(ImmutableArray<EntityHandle> elementType) => elementType;

    public ImmutableArray<EntityHandle> GetGenericInstantiation(ImmutableArray<EntityHandle> genericType, ImmutableArray<ImmutableArray<EntityHandle>> typeArguments) =>
        genericType.AddRange(typeArguments.SelectMany(a => a));

    public ImmutableArray<EntityHandle> GetGenericMethodParameter(object? genericContext, int index) => None;

    public ImmutableArray<EntityHandle> GetGenericTypeParameter(object? genericContext, int index) => None;

    public ImmutableArray<EntityHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<EntityHandle>> signature) => All(signature);

    public ImmutableArray<EntityHandle> GetModifiedType(ImmutableArray<EntityHandle> modifier, ImmutableArray<EntityHandle> unmodifiedType, bool isRequired) =>
        unmodifiedType.AddRange(modifier);

    public static ImmutableArray<EntityHandle> All(MethodSignature<ImmutableArray<EntityHandle>> signature) =>
        signature.ReturnType.AddRange(signature.ParameterTypes.SelectMany(p => p));
}
