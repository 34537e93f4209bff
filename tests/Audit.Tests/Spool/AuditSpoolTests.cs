using System.Runtime.Versioning;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Spool;

namespace ActorMailProxy.Audit.Tests.Spool;

/// <summary>The spool on a real directory: what a later run finds there, which files go when, and one writer at a time.</summary>
public sealed class AuditSpoolTests : IDisposable
{
    private readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("amp-spool-").FullName, "spool");
    private readonly List<string> _failures = [];

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    private AuditSpool Open(int segmentEvents = 3) =>
        Assert.IsType<SpoolOpening.Opened>(AuditSpool.Open(_dir, _failures.Add, segmentEvents)).Spool;

    private static List<AuditEvent> Events(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => (AuditEvent)AuditSamples.Opened($"{prefix}{i}"))];

    private string[] Segments() => [.. Directory.EnumerateFiles(_dir, "*" + SpoolSegment.Extension).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public void Events_not_confirmed_when_a_run_ends_are_what_the_next_run_records_again_in_order()
    {
        var events = Events("e", 5);
        using (var spool = Open())
        {
            Assert.Empty(spool.Leftovers.Events);
            events.ForEach(spool.Append);
            spool.Resolved(events[..2]);
        }

        using var next = Open();

        Assert.Equal(events[2..], next.Leftovers.Events);
        Assert.True(next.Leftovers.Continue >= 5);
        Assert.Empty(_failures);
    }

    [Fact]
    public void A_segment_goes_once_all_its_events_are_confirmed_or_dropped_and_the_one_being_filled_when_the_spool_closes_empty()
    {
        var events = Events("e", 7);
        var spool = Open();
        events.ForEach(spool.Append);
        Assert.Equal([SpoolSegment.FileName(0), SpoolSegment.FileName(3), SpoolSegment.FileName(6)], Segments());

        spool.Resolved([events[1]]);
        spool.Resolved([events[0], events[2], events[4]]);
        Assert.Equal([SpoolSegment.FileName(3), SpoolSegment.FileName(6)], Segments());

        spool.Resolved([events[3], events[5], events[6]]);
        Assert.Equal([SpoolSegment.FileName(6)], Segments());

        spool.Dispose();
        Assert.Empty(Segments());
        using var next = Open();
        Assert.Empty(next.Leftovers.Events);
        Assert.Equal(7, next.Leftovers.Continue);
    }

    [Fact]
    public void A_torn_last_line_from_a_kill_mid_write_is_ignored_and_the_complete_lines_are_recorded_again()
    {
        var events = Events("e", 3);
        Directory.CreateDirectory(_dir);
        var bytes = events.SelectMany(SpoolSegment.Line).ToArray();
        File.WriteAllBytes(Path.Combine(_dir, SpoolSegment.FileName(40)), bytes[..^7]);

        using var spool = Open();

        Assert.Equal(events[..2], spool.Leftovers.Events);
        Assert.Equal(1, spool.Leftovers.Torn);
        Assert.Equal(42, spool.Leftovers.Continue);
    }

    [Fact]
    public void The_earlier_runs_files_go_only_once_its_leftovers_are_written_again_so_a_kill_in_between_loses_nothing()
    {
        var events = Events("e", 4);
        using (var first = Open())
        {
            events.ForEach(first.Append);
        }

        // A run that wrote its leftovers again and died before deleting the old files: both copies on disk.
        var second = Open();
        var leftovers = second.Leftovers.Events.ToList();
        leftovers.ForEach(second.Append);
        second.Append(AuditSamples.Opened("new"));
        second.Dispose();
        using (var third = Open())
        {
            Assert.Equal([.. events, AuditSamples.Opened("new")], third.Leftovers.Events);
            third.Leftovers.Events.ToList().ForEach(third.Append);
            third.LeftoversRecorded();
            Assert.Empty(third.Leftovers.Events);
            // Positions 0–3 and 4–8 were the earlier runs'; this run's five start at 9.
            Assert.Equal([SpoolSegment.FileName(9), SpoolSegment.FileName(12)], Segments());
        }

        using var fourth = Open();
        Assert.Equal([.. events, AuditSamples.Opened("new")], fourth.Leftovers.Events);
    }

    [Fact]
    public void Confirmed_events_are_not_sent_again_even_when_their_segment_stays_for_the_unconfirmed_ones()
    {
        var events = Events("e", 3);
        using (var spool = Open(segmentEvents: 1000))
        {
            events.ForEach(spool.Append);
            spool.Resolved(events[..2]);
            Assert.Single(Segments());
        }

        using var next = Open(segmentEvents: 1000);

        Assert.Equal([events[2]], next.Leftovers.Events);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void The_directory_is_created_0700_and_every_file_in_it_0600()
    {
        using (var spool = Open(segmentEvents: 2))
        {
            var events = Events("e", 3);
            events.ForEach(spool.Append);
            spool.Resolved(events[..1]);
            Assert.Equal(4, Directory.EnumerateFiles(_dir).Count());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
            Assert.All(Directory.EnumerateFiles(_dir), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        }
    }

    [Fact]
    public void A_second_opener_while_the_first_holds_the_directory_is_told_it_is_held_and_may_open_it_afterwards()
    {
        var first = Open();

        Assert.IsType<SpoolOpening.Held>(AuditSpool.Open(_dir, _failures.Add));

        first.Dispose();
        Open().Dispose();
    }
}
