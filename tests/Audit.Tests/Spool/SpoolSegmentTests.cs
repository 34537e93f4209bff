using System.Text;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Spool;

namespace ActorMailProxy.Audit.Tests.Spool;

public sealed class SpoolSegmentTests
{
    private static byte[] Lines(IEnumerable<AuditEvent> events) => [.. events.SelectMany(SpoolSegment.Line)];

    [Fact]
    public void Every_kind_of_event_is_one_line_and_reads_back_equal_even_with_newlines_in_its_fields()
    {
        var events = AuditSamples.OneOfEach().Append(AuditSamples.Opened("x") with { Session = AuditSamples.Accepted with { User = "a\nb\r\n" } }).ToList();

        var bytes = Lines(events);
        var segment = SpoolSegment.Parse(7, bytes);

        Assert.Equal(events.Count, bytes.Count(b => b == '\n'));
        Assert.Equal(events, segment.Lines);
        Assert.False(segment.Torn);
        Assert.Equal(7 + events.Count, segment.End);
    }

    [Fact]
    public void A_torn_last_line_from_a_process_killed_mid_write_is_left_out_and_flagged()
    {
        var events = AuditSamples.OneOfEach();
        var whole = Lines(events);
        var torn = whole[..^20];

        var segment = SpoolSegment.Parse(0, torn);

        Assert.True(segment.Torn);
        Assert.Equal(events.Take(events.Count - 1), segment.Lines);
        Assert.Equal(0, segment.Unreadable);
    }

    [Fact]
    public void An_unreadable_line_keeps_its_position_so_the_lines_after_it_keep_theirs()
    {
        var bytes = Lines([AuditSamples.Opened("a")]).Concat(Encoding.UTF8.GetBytes("{\"kind\":\"opened\",\"eventId\n")).Concat(Lines([AuditSamples.Opened("c")])).ToArray();

        var segment = SpoolSegment.Parse(0, bytes);

        Assert.Equal(["a", null, "c"], segment.Lines.Select(e => e?.EventId));
        Assert.Equal(1, segment.Unreadable);
        Assert.False(segment.Torn);
    }

    [Fact]
    public void File_names_sort_like_positions_and_name_their_first_position()
    {
        var names = new long[] { 1000, 999, 0, 20_000 }.Select(SpoolSegment.FileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal([0, 999, 1000, 20_000], names.Select(n => SpoolSegment.FirstOf(n)!.Value));
        Assert.Null(SpoolSegment.FirstOf("lock"));
        Assert.Null(SpoolSegment.FirstOf("confirmed"));
        Assert.Null(SpoolSegment.FirstOf("000000000000000000x.jsonl"));
    }
}
