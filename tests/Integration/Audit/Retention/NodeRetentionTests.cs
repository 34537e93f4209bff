using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Proxy;
using Microsoft.Data.Sqlite;

namespace ActorMailProxy.Integration.Audit.Retention;

/// <summary>
/// A node with a short retention: its sweeper (the cluster singleton, here on the only node) deletes the log's expired
/// events in the background from the journal the node writes, and the log, restarted on that journal, writes on.
/// </summary>
public sealed class NodeRetentionTests : IDisposable
{
    /// <summary>Snapshots every 4 events, so most of a few sessions' events are behind one, and kept 3 s.</summary>
    /// One partition, so that the log is the same persistence id in both runs (which listen on the same ports, as a
    /// standalone node's log is named after its listeners).
    private const string ShortRetention = "mailproxy.audit { retention = 3s, retention-sweep-every = 1s, snapshot-every = 4, partitions = 1 }";

    private readonly string _dir = Directory.CreateTempSubdirectory("amp-node-retention-").FullName;

    private string JournalPath => Path.Combine(_dir, "audit.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A POP3 client that connects and quits at once: a connect and a close event.</summary>
    private static async Task SessionAsync(RunningProxy proxy)
    {
        await using var client = await RawLineClient.ConnectAsync(proxy.Host, proxy.Pop3Port);
        Assert.StartsWith("+OK", await client.ReadLineAsync());
        await client.SendAsync("QUIT\r\n");
        await client.ReadLineAsync();
    }

    [Fact]
    public async Task A_node_deletes_the_logs_expired_events_in_the_background_and_the_log_recovers_and_writes_on()
    {
        var db = new RetentionDatabase(new JournalSpec.Sqlite(JournalPath));
        IReadOnlyList<long> kept;
        string log;
        string[] listeners;
        await using (var proxy = await RunningProxy.With(ShortRetention).StartAsync("--journal", "sqlite:" + JournalPath))
        {
            log = proxy.Options.AuditLog.LogId + "-0";
            listeners = ["-P", "POP3,IMAP4,MANAGESIEVE", "-l", $"{proxy.Pop3Port},{proxy.ImapPort},{proxy.SievePort}", "-b", "127.0.0.1"];
            for (var i = 0; i < 5; i++)
            {
                await SessionAsync(proxy);
            }
            await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadSqliteAsync(JournalPath), r => r.Count >= 10, TimeSpan.FromSeconds(20));

            var text = await proxy.WaitForLogAsync("Audit retention: deleted ", TimeSpan.FromSeconds(30));

            Assert.Contains("Audit retention: history older than 3s is deleted by one node of the cluster, looked for every 1s", text);
            Assert.Matches(@"Audit retention: deleted \d+ journal events(, \d+ indexed events)? older than ", text);
            kept = await db.SequenceNrsAsync(log);
            // The events behind the log's snapshot went, but not its last one: the log must recover its sequence number.
            Assert.DoesNotContain(1L, kept);
            Assert.Contains(10L, kept);
            Assert.Equal(kept.Count, await db.TaggedAsync(log));
        }

        // The sweeper may have gone on deleting after the look above, up to the node's stop: what the second run finds.
        kept = await db.SequenceNrsAsync(log);
        await using (var again = await RunningProxy.With("mailproxy.audit { retention = off, partitions = 1 }").StartRawAsync([.. listeners, "--journal", "sqlite:" + JournalPath]))
        {
            await SessionAsync(again);
            var rows = await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadSqliteAsync(JournalPath), r => r.Count >= kept.Count + 2, TimeSpan.FromSeconds(20));
            Assert.Equal(kept.Count + 2, rows.Count);
            Assert.Equal([.. kept, kept[^1] + 1, kept[^1] + 2], await db.SequenceNrsAsync(log));
            Assert.Contains("Audit retention off: the audit history is kept for ever", again.LogText());
        }
    }
}
