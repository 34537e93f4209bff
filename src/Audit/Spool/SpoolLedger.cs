using System.Collections.Immutable;

namespace ActorMailProxy.Audit.Spool;

/// <summary>
/// What the spool has written in this run and what of it still matters. Each event written takes the next position;
/// a segment file holds <see cref="SegmentEvents"/> consecutive positions from <see cref="First"/> on. An event is
/// resolved once the log confirmed it stored or the bounded buffer dropped it; a full segment whose events are all
/// resolved can be deleted. The <see cref="Watermark"/> is the lowest position not resolved: a later run of the node
/// records again only what lies at or above it.
/// </summary>
public sealed record SpoolLedger
{
    private readonly ImmutableDictionary<string, long> _positions;
    private readonly ImmutableSortedSet<long> _unresolved;
    private readonly ImmutableSortedDictionary<long, int> _segments;

    private SpoolLedger(int segmentEvents, long first, long next, ImmutableDictionary<string, long> positions, ImmutableSortedSet<long> unresolved,
        ImmutableSortedDictionary<long, int> segments)
    {
        SegmentEvents = segmentEvents;
        First = first;
        Next = next;
        _positions = positions;
        _unresolved = unresolved;
        _segments = segments;
    }

    public int SegmentEvents { get; }

    /// <summary>The position of this run's first event: past everything an earlier run wrote.</summary>
    public long First { get; }

    /// <summary>The position the next event written takes.</summary>
    public long Next { get; }

    /// <summary>Events written and not yet resolved.</summary>
    public int Unresolved => _unresolved.Count;

    /// <summary>Every position below this one is resolved.</summary>
    public long Watermark => _unresolved.Count > 0 ? _unresolved.Min : Next;

    /// <summary>The first position of every segment written and not yet deleted, oldest first.</summary>
    public IEnumerable<long> Segments => _segments.Keys;

    public static SpoolLedger Starting(long first, int segmentEvents) =>
        segmentEvents > 0 && first >= 0
            ? new(segmentEvents, first, first, ImmutableDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal), [], ImmutableSortedDictionary<long, int>.Empty)
            : throw new ArgumentOutOfRangeException(nameof(segmentEvents), "segments hold at least one event, positions are not negative");

    /// <summary>The first position of the segment that holds <paramref name="position"/>.</summary>
    public long SegmentOf(long position) => First + (position - First) / SegmentEvents * SegmentEvents;

    /// <summary>Whether the event at <paramref name="position"/> opens a new segment file.</summary>
    public bool StartsSegment(long position) => (position - First) % SegmentEvents == 0;

    /// <summary>The event <paramref name="eventId"/> is written at <see cref="Next"/>; ids are unique within a run.</summary>
    public (SpoolLedger Ledger, long Position) Written(string eventId)
    {
        var position = Next;
        var segment = SegmentOf(position);
        var segments = _segments.SetItem(segment, _segments.GetValueOrDefault(segment) + 1);
        return (new(SegmentEvents, First, Next + 1, _positions.SetItem(eventId, position), _unresolved.Add(position), segments), position);
    }

    /// <summary>
    /// The events <paramref name="eventIds"/> are resolved (ids not written, or resolved before, change nothing); returns
    /// the full segments that no longer hold an unresolved event, which are no longer the ledger's.
    /// </summary>
    public (SpoolLedger Ledger, IReadOnlyList<long> Done) Resolved(IEnumerable<string> eventIds)
    {
        var positions = _positions.ToBuilder();
        var unresolved = _unresolved.ToBuilder();
        var segments = _segments.ToBuilder();
        var touched = new SortedSet<long>();
        foreach (var id in eventIds)
        {
            if (!positions.Remove(id, out var position))
            {
                continue;
            }
            unresolved.Remove(position);
            var segment = SegmentOf(position);
            segments[segment] -= 1;
            touched.Add(segment);
        }
        var done = touched.Where(s => segments[s] == 0 && Next >= s + SegmentEvents).ToList();
        segments.RemoveRange(done);
        return (new(SegmentEvents, First, Next, positions.ToImmutable(), unresolved.ToImmutable(), segments.ToImmutable()), done);
    }

    /// <summary>The segments that hold no unresolved event, the one being filled included: what a closing spool deletes.</summary>
    public IReadOnlyList<long> Idle() => [.. _segments.Where(s => s.Value == 0).Select(s => s.Key)];
}
