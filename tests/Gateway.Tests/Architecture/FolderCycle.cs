namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>Folders of one assembly that import each other in a circle, and one reference for each import inside it.</summary>
public sealed record FolderCycle(string Assembly, IReadOnlyList<string> Namespaces, IReadOnlyList<TypeEdge> Examples)
{
    public override string ToString() =>
        new Violation($"{Assembly}: {string.Join(" ⇄ ", Namespaces)}", Examples).ToString();
}
