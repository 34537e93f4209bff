namespace ActorMailProxy.Audit.Log;

/// <summary>
/// <paramref name="RecentIds"/>: how many event ids the log remembers to drop redelivered copies; it must exceed the
/// events all nodes may have unconfirmed at once (one batch each). <paramref name="SnapshotEvery"/>: events between snapshots,
/// which bounds how much a log taking over must replay. <paramref name="LogId"/>: the log's persistence id,
/// <see cref="SharedLogId"/> for the one log of a cluster and a name of its own for a node on its own: two such
/// processes may share a journal file, and one persistence id written by both would collide on its sequence numbers.
/// </summary>
public sealed record AuditLogSettings(int RecentIds = 10_000, int SnapshotEvery = 1_000, string LogId = AuditLogSettings.SharedLogId)
{
    /// <summary>The persistence id of a cluster's log; every log's id starts with it.</summary>
    public const string SharedLogId = "audit-log";
}
