namespace ActorMailProxy.Audit.Retention;

/// <summary>
/// <paramref name="KeepFor"/>: how long the audit history is kept, null for ever; <paramref name="SweepEvery"/>: how
/// often one node of the cluster deletes what has expired; <paramref name="Batch"/>: most rows deleted in one
/// transaction, which is the longest the log's writes may wait for a sweep.
/// </summary>
public sealed record AuditRetentionSettings(TimeSpan? KeepFor, TimeSpan SweepEvery, int Batch)
{
    public static AuditRetentionSettings Default { get; } = new(TimeSpan.FromDays(90), TimeSpan.FromHours(1), 5_000);
}
