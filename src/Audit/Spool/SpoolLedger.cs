namespace ActorMailProxy.Audit.Spool;

/// <summary>
/// What the spool has written in this run and what of it still matters. Each event written takes the next position;
/// a segment file holds <see cref="SegmentEvents"/> consecutive positions from <see cref="First"/> on. An event is
/// resolved once the log confirmed it stored or the bounded buffer dropped it; a full segment whose events are all
/// resolved can be deleted. The <see cref="Watermark"/> is the lowest position not resolved: a later run of the node
/// records again only what lies at or above it. Changed in place under the spool's lock: immutable collections rebuilt
/// for every event left their old nodes to the full collections.
/// </summary>
public sealed class SpoolLedger
{
    private readonly Dictionary<string, long> _positions = new(StringComparer.Ordinal);
    private readonly HashSet<long> _unresolved = [];
    private readonly Dictionary<long, int> _segments = [];

    private SpoolLedger(int segmentEvents, long first)
    {
        SegmentEvents = segmentEvents;
        First = first;
        Next = first;
        Watermark = first;
    }

    public int SegmentEvents { get; }

    /// <summary>The position of this run's first event: past everything an earlier run wrote.</summary>
    public long First { get; }

    /// <summary>The position the next event written takes.</summary>
    public long Next { get; private set; }

    /// <summary>Events written and not yet resolved.</summary>
    public int Unresolved => _unresolved.Count;

    /// <summary>Every position below this one is resolved.</summary>
    public long Watermark { get; private set; }

    /// <summary>The first position of every segment written and not yet deleted, oldest first.</summary>
    public IEnumerable<long> Segments => _segments.Keys.Order();

    public static SpoolLedger Starting(long first, int segmentEvents) =>
        segmentEvents > 0 && first >= 0
            ? new(segmentEvents, first)
            : throw new ArgumentOutOfRangeException(nameof(segmentEvents), "segments hold at least one event, positions are not negative");

    /// <summary>The first position of the segment that holds <paramref name="position"/>.</summary>
    public long SegmentOf(long position) => First + (position - First) / SegmentEvents * SegmentEvents;

    /// <summary>Whether the event at <paramref name="position"/> opens a new segment file.</summary>
    public bool StartsSegment(long position) => (position - First) % SegmentEvents == 0;

    /// <summary>The event <paramref name="eventId"/> is written at <see cref="Next"/>, the position returned; ids are unique within a run.</summary>
    public long Written(string eventId)
    {
        var position = Next++;
        var segment = SegmentOf(position);
        _segments[segment] = _segments.GetValueOrDefault(segment) + 1;
        _positions[eventId] = position;
        _unresolved.Add(position);
        return position;
    }

    /// <summary>
    /// The events <paramref name="eventIds"/> are resolved (ids not written, or resolved before, change nothing); returns
    /// the full segments that no longer hold an unresolved event, which are no longer the ledger's.
    /// </summary>
    public IReadOnlyList<long> Resolved(IEnumerable<string> eventIds)
    {
        List<long>? done = null;
        foreach (var id in eventIds)
        {
            if (!_positions.Remove(id, out var position))
            {
                continue;
            }
            _unresolved.Remove(position);
            var segment = SegmentOf(position);
            var left = _segments[segment] -= 1;
            if (left == 0 && Next >= segment + SegmentEvents)
            {
                _segments.Remove(segment);
                (done ??= []).Add(segment);
            }
        }
        while (Watermark < Next && !_unresolved.Contains(Watermark))
        {
            Watermark++;
        }
        return done is null ? [] : [.. done.Order()];
    }

    /// <summary>The segments that hold no unresolved event, the one being filled included: what a closing spool deletes.</summary>
    public IReadOnlyList<long> Idle() => [.. _segments.Where(s => s.Value == 0).Select(s => s.Key).Order()];
}
