namespace ActorMailProxy.Audit.Log;

/// <summary>
/// <paramref name="RecentIds"/>: how many event ids the log remembers to drop redelivered copies; it must exceed the
/// events all nodes may have unconfirmed at once (one batch each). <paramref name="SnapshotEvery"/>: events between snapshots,
/// which bounds how much a log taking over must replay. <paramref name="Partitions"/>: how many entities the log is
/// (<see cref="AuditPartitions"/>); changing it sends a node's events to another partition, which does not know the ids
/// the old one stored. <paramref name="LogId"/>: the log's name, which its partitions' persistence ids start with,
/// <see cref="SharedLogId"/> for the one log of a cluster and a name of its own for a node on its own: two such
/// processes may share a journal file, and one persistence id written by both would collide on its sequence numbers.
/// </summary>
public sealed record AuditLogSettings(int RecentIds = 10_000, int SnapshotEvery = 10_000, int Partitions = 8, string LogId = AuditLogSettings.SharedLogId)
{
    /// <summary>The name of a cluster's log; every log's name starts with it.</summary>
    public const string SharedLogId = "audit-log";
}
