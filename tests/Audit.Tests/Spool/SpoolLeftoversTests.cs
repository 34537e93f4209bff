using ActorMailProxy.Audit.Spool;

namespace ActorMailProxy.Audit.Tests.Spool;

public sealed class SpoolLeftoversTests
{
    private static SpoolSegment Segment(long first, params string[] ids) => new(first, [.. ids.Select(AuditSamples.Opened)], Torn: false);

    [Fact]
    public void Leftovers_are_the_events_from_the_watermark_on_oldest_first_each_id_once()
    {
        // A run killed while recording its own leftovers again: 10–12 hold copies of 3 and 4.
        var segments = new[] { Segment(10, "c", "d", "e"), Segment(0, "a", "b", "c"), Segment(3, "d") };

        var leftovers = SpoolLeftovers.Of(watermark: 2, segments);

        Assert.Equal(["c", "d", "e"], leftovers.Events.Select(e => e.EventId));
        Assert.Equal(3, leftovers.Segments);
    }

    [Fact]
    public void The_next_run_starts_past_every_earlier_position_and_file_name_and_never_below_the_watermark()
    {
        Assert.Equal(13, SpoolLeftovers.Of(0, [Segment(0, "a"), Segment(10, "b", "c", "d")]).Continue);
        Assert.Equal(11, SpoolLeftovers.Of(0, [new SpoolSegment(10, [], Torn: true)]).Continue);
        Assert.Equal(500, SpoolLeftovers.Of(500, [Segment(0, "a")]).Continue);
        Assert.Equal(500, SpoolLeftovers.Of(500, []).Continue);
    }

    [Fact]
    public void Torn_and_unreadable_lines_are_counted_and_not_recorded()
    {
        var segments = new[] { new SpoolSegment(0, [AuditSamples.Opened("a"), null, AuditSamples.Opened("c")], Torn: true) };

        var leftovers = SpoolLeftovers.Of(0, segments);

        Assert.Equal(["a", "c"], leftovers.Events.Select(e => e.EventId));
        Assert.Equal((1, 1), (leftovers.Torn, leftovers.Unreadable));
        Assert.Equal(3, leftovers.Continue);
    }
}
