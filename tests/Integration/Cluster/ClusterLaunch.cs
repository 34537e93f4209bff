using ActorMailProxy.Protocols;

namespace ActorMailProxy.Integration.Cluster;

/// <summary>How <see cref="ProxyCluster"/> starts its nodes; everything not said here is hocon/cluster-node.conf's.</summary>
public sealed record ClusterLaunch
{
    public int Nodes { get; init; } = 3;

    /// <summary>One listener per protocol on every node, each on its own free loopback port.</summary>
    public IReadOnlyList<MailProtocol> Protocols { get; init; } = [MailProtocol.Pop3, MailProtocol.Imap4, MailProtocol.ManageSieve];

    /// <summary>perdition's options for every node (map, -s/-p, limits, …), after the cluster and listener options.</summary>
    public IReadOnlyList<string> ProxyArgs { get; init; } = [];

    /// <summary>Options for one node only, by its index (0-based), after <see cref="ProxyArgs"/>.</summary>
    public Func<int, IReadOnlyList<string>> NodeArgs { get; init; } = _ => [];

    /// <summary>Options every operator command of the cluster (<see cref="ProxyCluster.AdminAsync"/>) gets, e.g. a cluster certificate.</summary>
    public IReadOnlyList<string> AdminArgs { get; init; } = [];

    /// <summary>HOCON layered over cluster-node.conf for every node (and for the operator commands the cluster runs).</summary>
    public string Hocon { get; init; } = "";

    /// <summary>How long the whole cluster may take to come up: every node ready and every member Up.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
