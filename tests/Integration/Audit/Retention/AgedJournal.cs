using ActorMailProxy.Audit.Journal;

namespace ActorMailProxy.Integration.Audit.Retention;

/// <summary>
/// A journal written by Akka with four persistence ids, then aged: a partition of the log with a snapshot and events
/// after it (the first 12 of 14 old), a partition without a snapshot (all old), a standalone node's log snapshotted at
/// its last event (all old), and an id that is not the log's (snapshotted, all old). A sweep of everything older than
/// the cutoff may take the partition's 1..10 and the standalone log's 1..4: <see cref="Deletable"/> events.
/// </summary>
public static class AgedJournal
{
    public const string Partition = "audit-log-0";
    public const string Unsnapshotted = "audit-log-1";
    public const string Standalone = "audit-log@127.0.0.1:2551";
    public const string Other = "user-map";

    public const long Deletable = 14;

    /// <summary>What the sweeps are given: the default retention.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(90);

    /// <summary>When the aged events look written: older than the cutoff.</summary>
    public static readonly TimeSpan Age = TimeSpan.FromDays(100);

    /// <summary>Writes and ages the journal; the writers' states as they stopped, by persistence id.</summary>
    public static async Task<IReadOnlyDictionary<string, JournalWriter.State>> WriteAsync(JournalSpec journal, DateTimeOffset now)
    {
        var states = new Dictionary<string, JournalWriter.State>();
        await using (var writers = new JournalWriters(journal))
        {
            var partition = writers.Start(Partition);
            await JournalWriters.WriteAsync(partition, 10);
            Assert.Equal(10, await JournalWriters.SnapshotAsync(partition));
            await JournalWriters.WriteAsync(partition, 2);
            await JournalWriters.WriteAsync(partition, 2);
            var unsnapshotted = writers.Start(Unsnapshotted);
            await JournalWriters.WriteAsync(unsnapshotted, 6);
            var standalone = writers.Start(Standalone);
            await JournalWriters.WriteAsync(standalone, 5);
            Assert.Equal(5, await JournalWriters.SnapshotAsync(standalone));
            var other = writers.Start(Other);
            await JournalWriters.WriteAsync(other, 3);
            Assert.Equal(3, await JournalWriters.SnapshotAsync(other));
            foreach (var (id, writer) in new[] { (Partition, partition), (Unsnapshotted, unsnapshotted), (Standalone, standalone), (Other, other) })
            {
                states[id] = await JournalWriters.StateAsync(writer);
            }
        }
        var db = new RetentionDatabase(journal);
        var old = now - Age;
        await db.AgeAsync(Partition, 1, 12, old);
        await db.AgeAsync(Unsnapshotted, 1, 6, old);
        await db.AgeAsync(Standalone, 1, 5, old);
        await db.AgeAsync(Other, 1, 3, old);
        return states;
    }
}
