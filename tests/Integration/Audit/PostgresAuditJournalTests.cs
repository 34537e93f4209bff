using ActorMailProxy.Routing.Tests.Maps.Sql;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// The cluster's kind of journal, a real PostgreSQL: every session's events stored once and no password in the database
/// or the log; and with the database stopped, sessions go on, the events wait (and are counted), then all are stored.
/// Each test has a schema of its own.
/// </summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class PostgresAuditJournalTests(TwoBackendsFixture backends, PostgresFixture pg) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Every_session_leaves_exactly_its_events_in_the_postgres_journal_and_no_password_anywhere()
    {
        var journal = await PostgresJournal.NewAsync(pg);
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "-d", "--journal", "postgres:" + journal);
        var sessions = await AuditedSessions.RunAsync(proxy, succeeded: 6, failed: 4);

        var rows = await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadPostgresAsync(journal),
            r => r.Count(e => e.Manifest == "closed") >= sessions.Connections, TimeSpan.FromSeconds(20));

        AuditJournalAssert.HoldsExactly(sessions, rows);
        AuditJournalAssert.NoSecretIn(await PostgresJournal.EverythingStoredAsync(journal), "the database");
        var log = proxy.LogText();
        AuditJournalAssert.NoSecretIn(log, "the log");
        Assert.DoesNotContain(pg.Password, log);
        Assert.Contains("Password=***", log);
    }

    [Fact]
    public async Task With_the_database_stopped_sessions_go_on_their_events_wait_and_all_are_stored_once_it_is_back()
    {
        var journal = await PostgresJournal.NewAsync(pg);
        await using var proxy = await RunningProxy.With("mailproxy.audit.stall-warning = 1s").InFrontOfAsync(backends.Alpha, "--journal", "postgres:" + journal);
        var before = await AuditedSessions.RunAsync(proxy, succeeded: 1, failed: 1);
        await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadPostgresAsync(journal),
            r => r.Count(e => e.Manifest == "closed") >= before.Connections, TimeSpan.FromSeconds(20));

        await pg.StopAsync();
        AuditedSessions during;
        try
        {
            during = await AuditedSessions.RunAsync(proxy, succeeded: 4, failed: 2);
            var waiting = during.ExpectedKinds.Values.Sum();
            await AuditJournalTables.WaitUntilAsync(() => proxy.Audit.Waiting == waiting, TimeSpan.FromSeconds(10));
            Assert.Equal(waiting, proxy.Audit.Waiting);
            // Logged every second while it lasts; an early one may count fewer, from before the last session ended.
            var log = await proxy.WaitForLogAsync($": {waiting} events waiting, 0 dropped", TimeSpan.FromSeconds(10));
            Assert.Matches($@"WRN Audit log has confirmed nothing for \d+ s \(journal or log unavailable\): {waiting} events waiting, 0 dropped", log);
        }
        finally
        {
            await pg.StartAgainAsync();
        }

        var all = new AuditedSessions(before.Succeeded + during.Succeeded, before.Failed + during.Failed);
        var rows = await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadPostgresAsync(journal),
            r => r.Count >= all.ExpectedKinds.Values.Sum(), TimeSpan.FromSeconds(30));
        AuditJournalAssert.HoldsExactly(all, rows);
        await AuditJournalTables.WaitUntilAsync(() => proxy.Audit.Waiting == 0, TimeSpan.FromSeconds(5));
        Assert.Equal((0, 0L), (proxy.Audit.Waiting, proxy.Audit.Dropped));
    }
}
