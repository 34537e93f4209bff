using System.Net;
using System.Security.Cryptography;
using System.Text;
using Akka.Configuration;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Log;

namespace ActorMailProxy.Gateway.Options;

/// <summary>
/// Where a node's audit state goes when the operator did not say, and the name its log is stored under. A node of a
/// cluster (seed nodes configured) writes the cluster's one log; a node on its own (no seed nodes: a cluster of one)
/// writes a log named by its listeners, so that processes started side by side (perdition's way: one per protocol)
/// may share the default journal file without writing one persistence id twice, and each has its spool.
/// </summary>
internal static class AuditStatePlan
{
    /// <summary>The default SQLite journal's file name in the state directory (the name it had in the working directory).</summary>
    public const string JournalFile = "actormailproxy-audit.db";

    /// <summary>Leaves room in a persistence id (255 characters in the journal's table) for the log's prefix and partition.</summary>
    private const int MaxKeyLength = 200;

    /// <summary>The length of the hash that stands for what a key too long had to leave out.</summary>
    private const int HashLength = 16;

    public static JournalSpec Journal(string stateDirectory) => new JournalSpec.Sqlite(Path.Combine(stateDirectory, JournalFile));

    /// <summary>A node on its own: no seed nodes in akka.cluster.seed-nodes (with --cluster_seed applied).</summary>
    public static bool Standalone(Config akka) => akka.GetStringList("akka.cluster.seed-nodes").Count == 0;

    /// <summary><see cref="AuditLogSettings.SharedLogId"/> for a cluster's node; <c>audit-log@KEY</c> for a node on its own.</summary>
    public static string LogId(bool standalone, IEnumerable<IPEndPoint> listeners) =>
        standalone ? $"{AuditLogSettings.SharedLogId}@{ListenerKey(listeners)}" : AuditLogSettings.SharedLogId;

    /// <summary>
    /// The same directory for a node across its restarts, and a different one for each node sharing a state directory: a
    /// node on its own by its listeners, a cluster's node with a fixed cluster port by its cluster endpoint.
    /// </summary>
    public static string Spool(string stateDirectory, bool standalone, IEnumerable<IPEndPoint> listeners, Config akka) =>
        Path.Combine(stateDirectory, standalone ? $"spool-{ListenerKey(listeners)}" : ClusterSpool(akka));

    /// <summary>
    /// The listeners' addresses and ports, sorted, as <c>0.0.0.0-110+0.0.0.0-143</c>: readable, the same whatever the
    /// order they were given in, only characters a file name and a persistence id take. Past
    /// <see cref="MaxKeyLength"/> its start is kept and the rest stands as a hash of the whole.
    /// </summary>
    public static string ListenerKey(IEnumerable<IPEndPoint> listeners)
    {
        var key = string.Join('+', listeners.Select(l => $"{Safe(l.Address.ToString())}-{l.Port}").Distinct().Order(StringComparer.Ordinal));
        if (key.Length <= MaxKeyLength)
        {
            return key;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..HashLength];
        return $"{key[..(MaxKeyLength - HashLength - 1)]}~{hash}";
    }

    private static string ClusterSpool(Config akka)
    {
        var port = akka.GetInt("akka.remote.dot-netty.tcp.port", 0);
        if (port == 0)
        {
            return "spool";
        }
        var publicName = akka.GetString("akka.remote.dot-netty.tcp.public-hostname", "");
        var host = publicName.Length > 0 ? publicName : akka.GetString("akka.remote.dot-netty.tcp.hostname", "");
        return $"spool-{Safe(host)}-{port}";
    }

    private static string Safe(string text) => new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
}
