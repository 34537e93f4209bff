namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>One broken rule, with a reference for each pair of folders involved, so a failure says where to look.</summary>
public sealed record Violation(string Subject, IReadOnlyList<TypeEdge> Examples)
{
    public Violation(string subject) : this(subject, []) { }

    public override string ToString() => Subject + string.Concat(Examples.Select(e =>
        $"\n      {e.From.Namespace} → {e.To.Namespace}: {e.Short}"));

    /// <summary>For each pair of namespaces, the first reference in ordinal order, a using directive only if nothing else.</summary>
    public static IReadOnlyList<TypeEdge> OnePerFolderPair(IEnumerable<TypeEdge> edges) =>
        [.. edges.GroupBy(e => (e.From.Namespace, e.To.Namespace))
            .OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
            .Select(g => g.OrderBy(e => e.ByUsing).ThenBy(e => e.ToString(), StringComparer.Ordinal).First())];
}
