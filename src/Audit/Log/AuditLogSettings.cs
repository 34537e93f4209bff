namespace ActorMailProxy.Audit.Log;

/// <summary>
/// <paramref name="RecentIds"/>: how many event ids the log remembers to drop redelivered copies; it must exceed the
/// events all nodes may have unconfirmed at once (one batch each). <paramref name="SnapshotEvery"/>: events between snapshots,
/// which bounds how much a log taking over must replay.
/// </summary>
public sealed record AuditLogSettings(int RecentIds = 10_000, int SnapshotEvery = 1_000);
