using System.Collections.Concurrent;
using System.Diagnostics;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Retention;
using Xunit.Abstractions;
using static ActorMailProxy.Integration.Audit.Retention.AgedJournal;

namespace ActorMailProxy.Integration.Audit.Retention;

/// <summary>
/// <see cref="JournalRetention"/> on a journal Akka.Persistence.Sql wrote: old events go with their tags, what a log
/// needs to recover stays, and the log recovers as it was and writes on, also while a large history is being swept.
/// Each database runs the same tests.
/// </summary>
public abstract class JournalRetentionContract(ITestOutputHelper output)
{
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    /// <summary>An empty journal of the test's own.</summary>
    protected abstract Task<JournalSpec> NewJournalAsync();

    private DateTimeOffset Cutoff => _now - KeptFor;

    [Fact]
    public async Task Created_is_the_write_times_utc_ticks_which_the_cutoff_is_compared_with()
    {
        var journal = await NewJournalAsync();
        var before = DateTime.UtcNow.Ticks;
        await using (var writers = new JournalWriters(journal))
        {
            await JournalWriters.WriteAsync(writers.Start(Partition), 3);
        }
        var after = DateTime.UtcNow.Ticks;

        Assert.All(await new RetentionDatabase(journal).RowsAsync(Partition), row => Assert.InRange(row.Created, before, after));
    }

    [Fact]
    public async Task A_sweep_deletes_old_events_a_snapshot_covers_and_their_tags_keeps_each_logs_last_event_and_the_logs_recover_as_they_were()
    {
        var journal = await NewJournalAsync();
        var states = await AgedJournal.WriteAsync(journal, _now);
        var db = new RetentionDatabase(journal);

        // A batch of 3 rows: the sweep takes several transactions.
        Assert.Equal(Deletable, await new JournalRetention(journal).SweepAsync(Cutoff, batch: 3, CancellationToken.None));

        Assert.Equal([11, 12, 13, 14], await db.SequenceNrsAsync(Partition));
        Assert.Equal([1, 2, 3, 4, 5, 6], await db.SequenceNrsAsync(Unsnapshotted));
        Assert.Equal([5], await db.SequenceNrsAsync(Standalone));
        Assert.Equal([1, 2, 3], await db.SequenceNrsAsync(Other));
        Assert.All(await db.RowsAsync(Partition), row => Assert.Equal(1, row.Tags));

        await using (var writers = new JournalWriters(journal))
        {
            foreach (var (id, state) in states)
            {
                var writer = writers.Start(id);
                Assert.Equal(state, await JournalWriters.StateAsync(writer));
                Assert.Equal(state.SequenceNr + 1, await JournalWriters.WriteAsync(writer, 1));
            }
        }
        foreach (var (id, state) in states)
        {
            Assert.Equal(state.SequenceNr + 1, (await db.SequenceNrsAsync(id))[^1]);
        }

        // The standalone log's last event was kept for its sequence number; now that a later one is there, it goes too.
        Assert.Equal(1, await new JournalRetention(journal).SweepAsync(Cutoff, batch: 3, CancellationToken.None));
        Assert.Equal([6], await db.SequenceNrsAsync(Standalone));
    }

    [Fact]
    public async Task Nothing_goes_without_old_events_nor_from_a_journal_not_written_yet()
    {
        var journal = await NewJournalAsync();
        Assert.Equal(0, await new JournalRetention(journal).SweepAsync(_now, 10, CancellationToken.None));
        await AgedJournal.WriteAsync(journal, _now);

        Assert.Equal(0, await new JournalRetention(journal).SweepAsync(_now - Age - TimeSpan.FromDays(1), 10, CancellationToken.None));

        Assert.Equal(14, (await new RetentionDatabase(journal).RowsAsync(Partition)).Count);
    }

    [Fact]
    public async Task Writes_going_on_while_a_large_history_is_swept_all_succeed_and_only_the_old_events_go()
    {
        const long History = 200_000;
        var journal = await NewJournalAsync();
        var db = new RetentionDatabase(journal);
        await using (var writers = new JournalWriters(journal))
        {
            var first = writers.Start(Partition);
            await JournalWriters.WriteAsync(first, 1);
            await JournalWriters.SnapshotAsync(first);
        }
        // The history behind a snapshot at its end, as the log leaves it: copies of Akka's first row and snapshot.
        var clock = Stopwatch.StartNew();
        await db.AgeAsync(Partition, 1, 1, _now - Age);
        await db.CopyAsync(Partition, template: 1, from: 2, to: History, _now - Age);
        await db.CopySnapshotAsync(Partition, from: 1, to: History);
        output.WriteLine($"{History} events copied in {clock.Elapsed.TotalSeconds:0.0} s");

        await using var node = new JournalWriters(journal);
        var log = node.Start(Partition);
        Assert.Equal(History, (await JournalWriters.StateAsync(log)).SequenceNr);
        var written = new ConcurrentQueue<long>();
        var took = new ConcurrentQueue<TimeSpan>();
        using var stop = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                written.Enqueue(await JournalWriters.WriteAsync(log, 1));
                took.Enqueue(Stopwatch.GetElapsedTime(started));
            }
        });
        await WaitForAsync(() => written.Count >= 50 || writing.IsCompleted);

        clock.Restart();
        var sweep = new JournalRetention(journal).SweepAsync(Cutoff, batch: 5_000, CancellationToken.None);
        var atStart = written.Count;
        var deleted = await sweep;
        var atEnd = written.Count;
        var during = took.Skip(atStart).Take(atEnd - atStart).ToList();
        output.WriteLine($"{deleted} events deleted in {clock.Elapsed.TotalSeconds:0.0} s while {atEnd - atStart} were written, "
            + $"the slowest in {during.DefaultIfEmpty().Max().TotalMilliseconds:0} ms (before the sweep: {took.Take(atStart).DefaultIfEmpty().Max().TotalMilliseconds:0} ms)");
        await WaitForAsync(() => written.Count >= atEnd + 5 || writing.IsCompleted);
        await stop.CancelAsync();
        await writing;

        Assert.Equal(History, deleted);
        Assert.True(atEnd > atStart, $"no write went on during the sweep ({atStart} before it, {atEnd} after)");
        Assert.Equal(written, await db.SequenceNrsAsync(Partition));
        Assert.Equal(History + 1, written.First());
        Assert.Equal(written.Count, await db.TaggedAsync(Partition));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }
}
