namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>The project and folder rules on small hand-made graphs: each catches what it is for.</summary>
public sealed class CheckerRulesTests
{
    private static readonly TypeId Resolver = new(DesignTable.Routing, "ActorMailProxy.Routing.Resolution", "RouteResolver");
    private static readonly TypeId AuditEvent = new(DesignTable.Audit, "ActorMailProxy.Audit.Events", "AuditEvent");
    private static readonly TypeId Secret = new(DesignTable.Protocols, "ActorMailProxy.Protocols.Common", "Secret");

    [Fact]
    public void Routing_using_an_audit_type_is_reported_from_metadata_and_from_the_reference()
    {
        var graph = new DependencyGraph(
            [new AssemblyNode(DesignTable.Routing, ["System.Runtime", "Akka.Cluster.Sharding", DesignTable.Audit], [DesignTable.Audit])],
            new HashSet<TypeEdge> { new(Resolver, AuditEvent) });

        var violations = ArchitectureChecker.ProjectReferences(graph, DesignTable.Projects);

        Assert.Equal(
            [$"{DesignTable.Routing} references assembly {DesignTable.Audit}, which DESIGN's table does not allow",
             $"{DesignTable.Routing} uses types of {DesignTable.Audit}, which DESIGN's table does not allow"],
            violations.Select(v => v.Subject));
        Assert.Equal([new TypeEdge(Resolver, AuditEvent)], violations[1].Examples);
    }

    [Fact]
    public void A_project_reference_seen_only_in_a_using_directive_is_unused()
    {
        var protocols = new TypeId(DesignTable.Protocols, "ActorMailProxy.Protocols", "");
        var graph = new DependencyGraph(
            [new AssemblyNode(DesignTable.Audit, ["System.Runtime"], [DesignTable.Protocols])],
            new HashSet<TypeEdge> { new(AuditEvent, protocols, ByUsing: true) });

        var violation = Assert.Single(ArchitectureChecker.ProjectReferences(graph, DesignTable.Projects));

        Assert.Equal($"{DesignTable.Audit} has a project reference to {DesignTable.Protocols} but uses none of its types", violation.Subject);
    }

    [Fact]
    public void A_project_reference_whose_types_are_used_is_fine()
    {
        var graph = new DependencyGraph(
            [new AssemblyNode(DesignTable.Audit, [DesignTable.Protocols], [DesignTable.Protocols])],
            new HashSet<TypeEdge> { new(AuditEvent, Secret) });

        Assert.Empty(ArchitectureChecker.ProjectReferences(graph, DesignTable.Projects));
    }

    [Fact]
    public void Options_importing_a_folder_under_operator_is_reported()
    {
        var options = new TypeId(DesignTable.Gateway, "ActorMailProxy.Gateway.Options", "OptionsLoader");
        var mapCommand = new TypeId(DesignTable.Gateway, "ActorMailProxy.Gateway.Operator.Map", "MapCommand");
        var graph = new DependencyGraph([], new HashSet<TypeEdge> { new(options, mapCommand) });

        var violation = Assert.Single(ArchitectureChecker.ForbiddenImports(graph, DesignTable.ForbiddenImports));

        Assert.Equal("ActorMailProxy.Gateway.Options imports ActorMailProxy.Gateway.Operator", violation.Subject);
        Assert.Equal([new TypeEdge(options, mapCommand)], violation.Examples);
    }
}
