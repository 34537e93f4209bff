using ActorMailProxy.Audit.Spool;

namespace ActorMailProxy.Audit.Tests.Spool;

public sealed class SpoolLedgerTests
{
    private static SpoolLedger Written(SpoolLedger ledger, params string[] ids)
    {
        foreach (var id in ids)
        {
            ledger.Written(id);
        }
        return ledger;
    }

    [Fact]
    public void Each_event_takes_the_next_position_and_every_third_one_opens_a_segment()
    {
        var ledger = SpoolLedger.Starting(first: 10, segmentEvents: 3);
        var positions = new List<long>();
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            positions.Add(ledger.Written(id));
        }

        Assert.Equal([10, 11, 12, 13], positions);
        Assert.Equal([true, false, false, true], positions.Select(ledger.StartsSegment));
        Assert.Equal([10, 13], ledger.Segments);
        Assert.Equal(13, ledger.SegmentOf(14));
    }

    [Fact]
    public void A_full_segment_goes_once_every_event_in_it_is_confirmed_or_dropped_in_whatever_order()
    {
        var ledger = Written(SpoolLedger.Starting(0, 3), "a", "b", "c", "d");

        var none = ledger.Resolved(["b"]);
        var done = ledger.Resolved(["a", "c", "unknown"]);

        Assert.Empty(none);
        Assert.Equal([0], done);
        Assert.Equal([3], ledger.Segments);
        Assert.Equal(1, ledger.Unresolved);
    }

    [Fact]
    public void The_segment_being_filled_stays_while_the_spool_runs_and_is_idle_once_its_events_are_resolved()
    {
        var ledger = Written(SpoolLedger.Starting(0, 3), "a", "b");
        Assert.Empty(ledger.Idle());

        var done = ledger.Resolved(["a", "b"]);

        Assert.Empty(done);
        Assert.Equal([0], ledger.Segments);
        Assert.Equal([0], ledger.Idle());
    }

    [Fact]
    public void The_watermark_is_the_lowest_unresolved_position_so_a_drop_above_the_batch_in_flight_leaves_it()
    {
        var ledger = Written(SpoolLedger.Starting(100, 1000), "in-flight-1", "in-flight-2", "oldest-waiting", "newer");
        Assert.Equal(100, ledger.Watermark);

        ledger.Resolved(["oldest-waiting"]);
        Assert.Equal(100, ledger.Watermark);

        ledger.Resolved(["in-flight-1", "in-flight-2"]);
        Assert.Equal(103, ledger.Watermark);
        ledger.Resolved(["newer"]);
        Assert.Equal(104, ledger.Watermark);
    }
}
