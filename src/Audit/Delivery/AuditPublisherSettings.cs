namespace ActorMailProxy.Audit.Delivery;

/// <summary>
/// <paramref name="Buffer"/>: events that may wait on this node while the log cannot take them (then the oldest are
/// dropped); <paramref name="MaxBatch"/>: most events in one delivery; <paramref name="StallWarning"/>: how long a
/// delivery may go unconfirmed before the backlog is logged as a warning (and again that often while it lasts);
/// <paramref name="BatchWait"/>: how long a batch short of <paramref name="MaxBatch"/> may wait for more events before it
/// goes (zero: at once).
/// </summary>
public sealed record AuditPublisherSettings(int Buffer = 10_000, int MaxBatch = 1000, TimeSpan StallWarning = default, TimeSpan? BatchWait = null)
{
    public TimeSpan StallWarningOrDefault => StallWarning > TimeSpan.Zero ? StallWarning : TimeSpan.FromSeconds(5);

    /// <summary>
    /// Each delivery costs the same whatever it carries (a journal transaction, the log's confirmation, the readers'
    /// next poll): a busy node that sent each event as the last was confirmed paid that for a handful of events.
    /// </summary>
    public static readonly TimeSpan DefaultBatchWait = TimeSpan.FromMilliseconds(50);

    public TimeSpan BatchWaitOrDefault => BatchWait is { } wait && wait >= TimeSpan.Zero ? wait : DefaultBatchWait;
}
