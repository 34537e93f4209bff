using System.Text;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Audit;

/// <summary>One node with the default kind of journal, SQLite: every session's events stored once, readable, no password.</summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class SqliteAuditJournalTests(TwoBackendsFixture backends)
{
    [Fact]
    public async Task Every_session_leaves_exactly_its_events_in_the_sqlite_journal_and_no_password_anywhere()
    {
        // Per-IP limit 1 for 127.0.0.3 only: the sessions from 127.0.0.1 run side by side, a second one from .3 is refused.
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "-d", "--ip_connection_limit", "1", "--limit_exempt", "127.0.0.1/32");
        var sessions = await AuditedSessions.RunAsync(proxy, succeeded: 6, failed: 4);
        await using (var held = await RawLineClient.ConnectFromAsync("127.0.0.3", proxy.Host, proxy.ImapPort))
        {
            Assert.StartsWith("* OK", await held.ReadLineAsync());
            await using var refused = await RawLineClient.ConnectFromAsync("127.0.0.3", proxy.Host, proxy.ImapPort);
            Assert.StartsWith("* BYE [LIMIT]", await refused.ReadLineAsync());
        }
        sessions = sessions with { Refused = 1, NoLogin = 1 };

        var rows = await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadSqliteAsync(proxy.JournalPath),
            r => r.Count(e => e.Manifest == "closed") >= sessions.Connections, TimeSpan.FromSeconds(20));

        AuditJournalAssert.HoldsExactly(sessions, rows);
        var loginOk = rows.Select(r => r.Event).OfType<LoginSucceeded>().ToList();
        Assert.All(loginOk, e => Assert.Contains(e.Session.User, new[] { "alice", "grace" }));
        Assert.All(loginOk, e => Assert.StartsWith("127.0.0.1:", e.Session.Backend));
        Assert.All(rows.Select(r => r.Event).OfType<LoginFailed>(), e => Assert.Equal(("bob", LoginFailureClass.Rejected), (e.Session.User, e.Reason)));
        Assert.Equal("ip:127.0.0.3", Assert.Single(rows.Select(r => r.Event).OfType<ConnectionRefused>()).Limit);
        // The rows may be read a moment before the last confirmation reaches the publisher.
        await AuditJournalTables.WaitUntilAsync(() => proxy.Audit.Waiting == 0, TimeSpan.FromSeconds(5));
        Assert.Equal((0, 0L), (proxy.Audit.Waiting, proxy.Audit.Dropped));

        AuditJournalAssert.NoSecretIn(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(proxy.JournalPath)), "the journal file");
        AuditJournalAssert.NoSecretIn(proxy.LogText(), "the log");
    }

    [Fact]
    public async Task The_stored_events_are_read_back_by_tag_through_akka_persistence_query()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha);
        var sessions = await AuditedSessions.RunAsync(proxy, succeeded: 2, failed: 1);
        var rows = await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadSqliteAsync(proxy.JournalPath),
            r => r.Count(e => e.Manifest == "closed") >= sessions.Connections, TimeSpan.FromSeconds(20));

        var journal = PersistenceQuery.Get(proxy.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var envelopes = await journal.CurrentEventsByTag(AuditLog.Tag, Offset.NoOffset())
            .RunWith(Sink.Seq<EventEnvelope>(), proxy.System.Materializer());

        Assert.Equal(rows.Select(r => r.Event.EventId), envelopes.Select(e => ((AuditEvent)e.Event).EventId));
        // A node on its own writes a log named by its listeners, all its events in its own partition of it.
        Assert.StartsWith(AuditLogSettings.SharedLogId + "@127.0.0.1-", proxy.Options.AuditLog.LogId);
        Assert.Single(envelopes.Select(e => e.PersistenceId).Distinct(), id => id.StartsWith(proxy.Options.AuditLog.LogId + "-", StringComparison.Ordinal));
    }
}
