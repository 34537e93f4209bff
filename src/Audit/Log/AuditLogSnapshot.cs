namespace ActorMailProxy.Audit.Log;

/// <summary>The audit log's state as a snapshot stores it: the recent event ids, oldest first.</summary>
public sealed record AuditLogSnapshot(IReadOnlyList<string> RecentIds);
