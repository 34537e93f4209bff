
namespace ActorMailProxy.Gateway.Options;

/// <summary>Options of ours for the cluster and its connection limits; none of them exists in perdition.</summary>
public static partial class OptionTable
{
    /// <summary>Environment variables that seed the cluster, journal and spool options (under the command line, over HOCON).</summary>
    public static readonly IReadOnlyList<(string Variable, string Option)> Environment =
    [
        ("MAILPROXY_CLUSTER_HOST", "cluster_host"),
        ("MAILPROXY_CLUSTER_BIND", "cluster_bind"),
        ("MAILPROXY_CLUSTER_PORT", "cluster_port"),
        ("MAILPROXY_CLUSTER_SEED", "cluster_seed"),
        ("MAILPROXY_STATE_DIRECTORY", "state_directory"),
        ("MAILPROXY_JOURNAL", "journal"),
        ("MAILPROXY_AUDIT_SPOOL", "audit_spool"),
    ];

    private static IEnumerable<OptionSpec> Cluster() =>
    [
        OptionSpec.Value(null, "cluster_host", "ADDRESS", "address this node's cluster endpoint binds to and is known by (env MAILPROXY_CLUSTER_HOST)",
            (b, v) => v.Length == 0 ? "must not be empty" : Set(() => b.ClusterHost = v)),
        OptionSpec.Value(null, "cluster_bind", "ADDRESS", "bind the cluster endpoint here instead (e.g. 0.0.0.0 in a container), still known by --cluster_host (env MAILPROXY_CLUSTER_BIND)",
            (b, v) => v.Length == 0 ? "must not be empty" : Set(() => b.ClusterBind = v)),
        OptionSpec.Value(null, "cluster_port", "PORT", "this node's cluster port; 0 for any free one (env MAILPROXY_CLUSTER_PORT)",
            (b, v) => OptionValues.Int(v, 0, 65535, p => b.ClusterPort = p)),
        OptionSpec.Value(null, "cluster_seed", "HOST:PORT[,HOST:PORT...]", "the cluster's seed nodes; list every node (env MAILPROXY_CLUSTER_SEED)",
            (b, v) => OptionValues.Seeds(v, s => b.ClusterSeeds = s)),
        OptionSpec.Value(null, "cluster_cert_file", "FILE", "this node's certificate (PEM) from the cluster's CA: the cluster port then takes only mutual TLS; with --cluster_ca_file",
            (b, v) => Set(() => b.ClusterCertFile = v.Length == 0 ? null : v)),
        OptionSpec.Value(null, "cluster_key_file", "FILE", "its private key (PEM); not needed when the certificate file holds it",
            (b, v) => Set(() => b.ClusterKeyFile = v.Length == 0 ? null : v)),
        OptionSpec.Value(null, "cluster_ca_file", "FILE", "the cluster's CA certificate (PEM): a peer is let in only with a certificate it issued",
            (b, v) => Set(() => b.ClusterCaFile = v.Length == 0 ? null : v)),
        OptionSpec.Value(null, "ip_connection_limit", "LIMIT", "most connections open at once from one client IP, cluster-wide; 0 for no limit",
            (b, v) => OptionValues.Int(v, 0, n => b.IpConnectionLimit = n)),
        OptionSpec.Value(null, "user_connection_limit", "LIMIT", "most logged-in sessions of one user, cluster-wide; 0 for no limit",
            (b, v) => OptionValues.Int(v, 0, n => b.UserConnectionLimit = n)),
        OptionSpec.Value(null, "limit_exempt", "CIDR[,CIDR...]", "client networks the per-IP and per-user limits do not apply to",
            (b, v) => OptionValues.Networks(v, n => b.LimitExempt = n)),
    ];
}
