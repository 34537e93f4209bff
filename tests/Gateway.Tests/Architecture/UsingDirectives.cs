using System.Reflection.Metadata;

namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>
/// The <c>using</c> directives in scope of each method, from the portable PDB's import scopes. They show the imports
/// IL cannot: a constant is inlined as its value and <c>nameof</c> as a string.
/// </summary>
internal sealed class UsingDirectives(MetadataReader pdb)
{
    private readonly Dictionary<ImportScopeHandle, IReadOnlyList<Import>> _scopes = [];

    /// <summary>A namespace (<c>using N;</c>, <c>using A = N;</c>) or a type (<c>using static T;</c>, <c>using A = T;</c>).</summary>
    public readonly record struct Import(string? Namespace, EntityHandle Type);

    public IEnumerable<Import> Of(MethodDefinitionHandle method) =>
        pdb.GetLocalScopes(method).Select(s => pdb.GetLocalScope(s).ImportScope).Distinct().SelectMany(InScope).Distinct();

    private IReadOnlyList<Import> InScope(ImportScopeHandle handle)
    {
        if (handle.IsNil)
        {
            return [];
        }
        if (!_scopes.TryGetValue(handle, out var imports))
        {
            var scope = pdb.GetImportScope(handle);
            _scopes[handle] = imports = [.. scope.GetImports().Select(i => Read(i)).OfType<Import>(), .. InScope(scope.Parent)];
        }
        return imports;
    }

    private Import? Read(ImportDefinition import) => import.Kind switch
    {
        ImportDefinitionKind.ImportNamespace or ImportDefinitionKind.AliasNamespace => new Import(Utf8(import.TargetNamespace), default),
        ImportDefinitionKind.ImportType or ImportDefinitionKind.AliasType => new Import(null, import.TargetType),
        _ => null,
    };

    private string Utf8(BlobHandle blob)
    {
        var reader = pdb.GetBlobReader(blob);
        return reader.ReadUTF8(reader.Length);
    }
}
