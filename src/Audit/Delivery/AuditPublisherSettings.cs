namespace ActorMailProxy.Audit.Delivery;

/// <summary>
/// <paramref name="Buffer"/>: events that may wait on this node while the log cannot take them (then the oldest are
/// dropped); <paramref name="MaxBatch"/>: most events in one delivery; <paramref name="StallWarning"/>: how long a
/// delivery may go unconfirmed before the backlog is logged as a warning (and again that often while it lasts).
/// </summary>
public sealed record AuditPublisherSettings(int Buffer = 10_000, int MaxBatch = 1000, TimeSpan StallWarning = default)
{
    public TimeSpan StallWarningOrDefault => StallWarning > TimeSpan.Zero ? StallWarning : TimeSpan.FromSeconds(5);
}
