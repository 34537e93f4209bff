using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Log;

/// <summary>
/// The audit log's state: the ids of the events stored most recently, to drop the copies a redelivery brings, and how
/// many events were stored since the last snapshot. Owned by the log's actor and changed in place (<see cref="RecentIds"/>).
/// </summary>
public sealed class AuditLogState
{
    private AuditLogState(RecentIds recent) => Recent = recent;

    public RecentIds Recent { get; }

    public int SinceSnapshot { get; private set; }

    public static AuditLogState Empty(int recentIds) => new(RecentIds.Empty(recentIds));

    public static AuditLogState From(AuditLogSnapshot snapshot, int recentIds) => new(RecentIds.Of(recentIds, snapshot.RecentIds));

    /// <summary>The events of <paramref name="delivered"/> not stored yet, in order, each id once.</summary>
    public IReadOnlyList<AuditEvent> Fresh(IEnumerable<AuditEvent> delivered)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return delivered.Where(e => !Recent.Contains(e.EventId) && seen.Add(e.EventId)).ToList();
    }

    /// <summary>After <paramref name="stored"/> is in the journal (or was replayed from it).</summary>
    public void Stored(AuditEvent stored)
    {
        Recent.Add(stored.EventId);
        SinceSnapshot++;
    }

    public bool SnapshotDue(int every) => SinceSnapshot >= every;

    public AuditLogSnapshot ToSnapshot() => new([.. Recent.InOrder]);

    public void SnapshotTaken() => SinceSnapshot = 0;
}
