namespace ActorMailProxy.Audit.Log;

/// <summary>
/// The audit log is <see cref="Count"/> persistent entities, each its own persistence id, all tagged alike. A node's
/// events go to the partition of the node that saw them, so a node keeps its order, one node is never slowed by
/// another's events (up to <see cref="Count"/> nodes), and an event sent again (from a spool, by a node's next run)
/// meets the same partition's record of the ids it stored.
/// </summary>
public sealed record AuditPartitions(int Count)
{
    public int Count { get; } = Count > 0 ? Count : throw new ArgumentOutOfRangeException(nameof(Count), Count, "must be positive");

    /// <summary>The partition of events seen by <paramref name="node"/>: the same in every process and every run.</summary>
    public int Of(string node)
    {
        // FNV-1a over the UTF-16 code units: string.GetHashCode differs between processes.
        var hash = 2166136261u;
        foreach (var c in node)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % (uint)Count);
    }

    /// <summary>The entity id of partition <paramref name="partition"/>, as sharding names it.</summary>
    public static string EntityId(int partition) => partition.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The persistence id of the partition whose entity id is <paramref name="entityId"/>: the log's id, a dash, the number.</summary>
    public static string PersistenceId(string logId, string entityId) => $"{logId}-{entityId}";
}
