namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>The rules, as pure functions: a graph in, every violation out.</summary>
public static class ArchitectureChecker
{
    /// <summary>Per assembly, every strongly connected set of more than one namespace, with one reference per import inside it.</summary>
    public static IReadOnlyList<FolderCycle> FolderCycles(DependencyGraph graph)
    {
        var cycles = new List<FolderCycle>();
        var crossFolder = graph.Edges.Where(e => e.From.Assembly == e.To.Assembly && e.From.Namespace != e.To.Namespace);
        foreach (var assembly in crossFolder.GroupBy(e => e.From.Assembly).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var successors = assembly.GroupBy(e => e.From.Namespace).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<string>)[.. g.Select(e => e.To.Namespace).Distinct().Order(StringComparer.Ordinal)]);
            foreach (var component in StronglyConnected.Components(successors).Where(c => c.Count > 1))
            {
                var members = component.ToHashSet();
                cycles.Add(new FolderCycle(
                    assembly.Key,
                    [.. component.Order(StringComparer.Ordinal)],
                    Violation.OnePerFolderPair(assembly.Where(e => members.Contains(e.From.Namespace) && members.Contains(e.To.Namespace)))));
            }
        }
        return [.. cycles.OrderBy(c => c.ToString(), StringComparer.Ordinal)];
    }

    /// <summary>
    /// Assembly references (metadata) and uses of another assembly's types (graph) that the project's row does not allow,
    /// and project references (csproj) whose types are never used (a using directive alone is no use).
    /// </summary>
    public static IReadOnlyList<Violation> ProjectReferences(DependencyGraph graph, IReadOnlyList<ProjectRule> rules)
    {
        var violations = new List<Violation>();
        foreach (var assembly in graph.Assemblies)
        {
            if (rules.FirstOrDefault(r => r.Assembly == assembly.Name) is not { } rule)
            {
                continue;
            }
            violations.AddRange(assembly.AssemblyReferences.Where(r => !rule.Allows(r)).Order(StringComparer.Ordinal)
                .Select(r => new Violation($"{assembly.Name} references assembly {r}, which DESIGN's table does not allow")));

            var outward = graph.Edges.Where(e => e.From.Assembly == assembly.Name && e.To.Assembly != assembly.Name).ToList();
            violations.AddRange(outward.Where(e => !rule.Allows(e.To.Assembly)).GroupBy(e => e.To.Assembly)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new Violation($"{assembly.Name} uses types of {g.Key}, which DESIGN's table does not allow", Violation.OnePerFolderPair(g))));

            violations.AddRange(assembly.ProjectReferences.Where(p => !outward.Any(e => e.To.Assembly == p && !e.ByUsing)).Order(StringComparer.Ordinal)
                .Select(p => new Violation($"{assembly.Name} has a project reference to {p} but uses none of its types")));
        }
        return violations;
    }

    /// <summary>Every import from a folder (or one under it) into a folder it must not import (or one under that).</summary>
    public static IReadOnlyList<Violation> ForbiddenImports(DependencyGraph graph, IReadOnlyList<(string Importer, string Imported)> rules) =>
    [
        .. rules.Select(rule => (rule, edges: graph.Edges
                .Where(e => IsUnder(e.From.Namespace, rule.Importer) && IsUnder(e.To.Namespace, rule.Imported)).ToList()))
            .Where(found => found.edges.Count > 0)
            .Select(found => new Violation($"{found.rule.Importer} imports {found.rule.Imported}", Violation.OnePerFolderPair(found.edges))),
    ];

    public static bool IsUnder(string @namespace, string root) =>
        @namespace == root || @namespace.StartsWith(root + ".", StringComparison.Ordinal);
}
