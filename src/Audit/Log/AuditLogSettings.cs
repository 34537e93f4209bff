namespace ActorMailProxy.Audit.Log;

/// <summary>
/// <paramref name="RecentIds"/>: how many event ids the log remembers to drop redelivered copies; it must exceed the
/// events all nodes may have unconfirmed at once (one batch each). <paramref name="SnapshotEvery"/>: events between snapshots,
/// which bounds how much a log taking over must replay. <paramref name="Partitions"/>: how many entities the log is
/// (<see cref="AuditPartitions"/>); changing it sends a node's events to another partition, which does not know the ids
/// the old one stored.
/// </summary>
public sealed record AuditLogSettings(int RecentIds = 10_000, int SnapshotEvery = 1_000, int Partitions = 8);
