namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>DESIGN.md's table "Projects and what each may touch", as data: the one place the tests take the rules from.</summary>
public static class DesignTable
{
    public const string Protocols = "ActorMailProxy.Protocols";
    public const string Routing = "ActorMailProxy.Routing";
    public const string Audit = "ActorMailProxy.Audit";
    public const string Gateway = "actormailproxy";

    private static readonly string[] Bcl = ["System", "System.*", "Microsoft.Win32.*", "netstandard", "mscorlib"];

    private static readonly string[] DataAccess = ["Npgsql", "Microsoft.Data.Sqlite", "MySqlConnector", "System.DirectoryServices.Protocols"];

    public static readonly IReadOnlyList<ProjectRule> Projects =
    [
        new(Protocols, "src/Protocols", "ActorMailProxy.Protocols", Bcl),
        new(Routing, "src/Routing", "ActorMailProxy.Routing",
            [.. Bcl, Protocols, "Akka", "Akka.Cluster*", "Akka.DistributedData", "Akka.Coordination", .. DataAccess]),
        // Akka.Delivery lives in Akka itself and Akka.Cluster.Sharding.Delivery in Akka.Cluster.Sharding.
        new(Audit, "src/Audit", "ActorMailProxy.Audit",
            [.. Bcl, Protocols, "Akka", "Akka.Cluster*", "Akka.Persistence*", "Akka.Streams", .. DataAccess, "Microsoft.Extensions.Logging.Abstractions"]),
        new(Gateway, "src/Gateway", "ActorMailProxy.Gateway", ["*"]),
    ];

    /// <summary>The test projects (one per source project, namespaces rooted at the source project's plus ".Tests", and the integration tests) and the bench.</summary>
    public static readonly IReadOnlyList<(string Directory, string RootNamespace)> TestProjects =
    [
        ("tests/Protocols.Tests", "ActorMailProxy.Protocols.Tests"),
        ("tests/Routing.Tests", "ActorMailProxy.Routing.Tests"),
        ("tests/Audit.Tests", "ActorMailProxy.Audit.Tests"),
        ("tests/Gateway.Tests", "ActorMailProxy.Gateway.Tests"),
        ("tests/Integration", "ActorMailProxy.Integration"),
        ("bench/ActorMailProxy.Bench", "ActorMailProxy.Bench"),
    ];

    /// <summary>Folders that a folder must not import (DESIGN: Options "imports neither Hosting nor Operator").</summary>
    public static readonly IReadOnlyList<(string Importer, string Imported)> ForbiddenImports =
    [
        ("ActorMailProxy.Gateway.Options", "ActorMailProxy.Gateway.Hosting"),
        ("ActorMailProxy.Gateway.Options", "ActorMailProxy.Gateway.Operator"),
    ];

    public static ProjectRule? For(string assembly) => Projects.FirstOrDefault(p => p.Assembly == assembly);
}
