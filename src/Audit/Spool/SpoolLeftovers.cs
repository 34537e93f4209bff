using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Spool;

/// <summary>
/// What an earlier run of the node left in its spool and this run must record again: the events at or above the
/// watermark that run last wrote (everything below it was confirmed stored or dropped), each id once and oldest first.
/// What lies below the watermark and was stored is not sent again, so the log's dedup window (its recent ids) never
/// has to cover more than the one batch that was in flight when the process died. <see cref="Continue"/> is where this
/// run's positions start: past every earlier position and file name, and at or above the old watermark, so that old
/// watermark never hides a new event.
/// </summary>
public sealed record SpoolLeftovers(IReadOnlyList<AuditEvent> Events, long Continue, int Segments, int Torn, int Unreadable)
{
    public static SpoolLeftovers Of(long watermark, IEnumerable<SpoolSegment> segments)
    {
        var ordered = segments.OrderBy(s => s.First).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var events = ordered
            .SelectMany(s => s.Lines.Select((e, i) => (Position: s.First + i, Event: e)))
            .Where(l => l.Position >= watermark && l.Event is not null && seen.Add(l.Event.EventId))
            .Select(l => l.Event!)
            .ToList();
        // A torn or empty file has no complete line at its first position, yet holds that file name: start past it.
        var next = ordered.Select(s => Math.Max(s.End, s.First + 1)).Append(watermark).Max();
        return new SpoolLeftovers(events, next, ordered.Count, ordered.Count(s => s.Torn), ordered.Sum(s => s.Unreadable));
    }
}
