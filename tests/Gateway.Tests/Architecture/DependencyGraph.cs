namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>A type of ours, named as its folder (namespace) and outermost declaring type; a namespace alone when Name is empty.</summary>
public sealed record TypeId(string Assembly, string Namespace, string Name)
{
    public override string ToString() => Name.Length == 0 ? Namespace : $"{Namespace}.{Name}";
}

/// <summary>One reference from a type of ours to another type (or, by a using directive, a namespace) of ours.</summary>
public sealed record TypeEdge(TypeId From, TypeId To, bool ByUsing = false)
{
    public override string ToString() => ByUsing ? $"{From} → using {To}" : $"{From} → {To}";

    public string Short => ByUsing
        ? $"{From.Name} → using {To} (IL names none of its types: a constant, nameof, or unused)"
        : $"{From.Name} → {To.Name}";
}

/// <summary>An assembly: the assemblies its metadata references and the projects its csproj references, by assembly name.</summary>
public sealed record AssemblyNode(string Name, IReadOnlyList<string> AssemblyReferences, IReadOnlyList<string> ProjectReferences);

/// <summary>What the checker judges: our assemblies and every reference between types of ours.</summary>
public sealed record DependencyGraph(IReadOnlyList<AssemblyNode> Assemblies, IReadOnlySet<TypeEdge> Edges)
{
    public DependencyGraph WithEdge(TypeEdge edge) => this with { Edges = new HashSet<TypeEdge>(Edges) { edge } };
}
