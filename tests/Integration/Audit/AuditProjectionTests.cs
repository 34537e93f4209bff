using System.Net;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.PopBeforeSmtp;
using ActorMailProxy.Audit.ReadModel;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// A node's projections of the audit log, read from a real SQLite journal with Akka.Persistence.Query: the
/// POP-before-SMTP table and last logins follow the sessions, are rebuilt by a node that restarts, the feed writes each
/// stored event once, and --connect_relog keeps an open session's address in the table.
/// </summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class AuditProjectionTests(TwoBackendsFixture backends) : IDisposable
{
    private static readonly MailUser Alice = TwoBackendsFixture.Alice;
    private static readonly MailUser Bob = TwoBackendsFixture.Bob;
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-projection-").FullName;

    /// <summary>The audit index is written by its own projection, a batch at a time: asked until it holds the login.</summary>
    internal static async Task<LastLoginAnswer> LastLoginAsync(RunningProxy proxy, string user)
    {
        LastLoginAnswer answer = new(null, false);
        await AuditJournalTables.WaitUntilAsync(() => (answer = proxy.Views.LastLogins.FindAsync(user).GetAwaiter().GetResult()).Login is not null, TimeSpan.FromSeconds(10));
        return answer;
    }

    private static RecentLogin Lookup(RunningProxy proxy, string address) => proxy.Views.PopBeforeSmtp.Lookup(IPAddress.Parse(address), DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_login_puts_its_address_in_the_table_a_failed_one_does_not_and_a_restarted_node_rebuilds_it()
    {
        var journal = "sqlite:" + Path.Combine(_dir, "audit.db");
        var feed = Path.Combine(_dir, "feed.log");
        await using (var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "--journal", journal, "--audit_feed", feed))
        {
            await AuditJournalTables.WaitUntilAsync(() => Lookup(proxy, "127.0.0.5") != RecentLogin.Unknown, TimeSpan.FromSeconds(10));
            Assert.Equal(RecentLogin.None, Lookup(proxy, "127.0.0.5"));

            Assert.True(await Pop3LoginFrom.RunAsync("127.0.0.5", proxy.Host, proxy.Pop3Port, Alice, Alice.Password));
            Assert.False(await Pop3LoginFrom.RunAsync("127.0.0.6", proxy.Host, proxy.Pop3Port, Bob, Bob.Password + "-wrong"));

            await AuditJournalTables.WaitUntilAsync(() => Lookup(proxy, "127.0.0.5") == RecentLogin.Recent, TimeSpan.FromSeconds(10));
            Assert.Equal(RecentLogin.Recent, Lookup(proxy, "127.0.0.5"));
            // Two sessions of three events each: opened, login ok or failed, closed.
            await AuditJournalTables.WaitUntilAsync(() => proxy.Views.Applied >= 6, TimeSpan.FromSeconds(10));
            Assert.Equal(6, proxy.Views.Applied);
            Assert.Equal(RecentLogin.None, Lookup(proxy, "127.0.0.6"));
            var alice = await LastLoginAsync(proxy, "ALICE");
            Assert.True(alice.CaughtUp);
            Assert.Equal("127.0.0.5", alice.Login?.Client.Split(':')[0]);
            Assert.Null((await proxy.Views.LastLogins.FindAsync("bob")).Login);
        }

        var lines = await File.ReadAllLinesAsync(feed);
        Assert.Equal(6, lines.Length);
        Assert.Equal(lines.Length, lines.Distinct().Count());
        Assert.Equal(2, lines.Count(l => l.Contains(" Connect: 127.0.0.")));
        Assert.Single(lines, l => l.Contains(" Auth: 127.0.0.5:") && l.Contains("authentication_id=\"alice\"") && l.EndsWith("status=\"ok\""));
        Assert.Single(lines, l => l.Contains(" Auth: 127.0.0.6:") && l.Contains("status=\"failed: "));
        Assert.Equal(2, lines.Count(l => l.Contains(" Close: 127.0.0.")));

        await using (var restarted = await RunningProxy.InFrontOfAsync(backends.Alpha, "--journal", journal, "--audit_feed", feed))
        {
            await AuditJournalTables.WaitUntilAsync(() => Lookup(restarted, "127.0.0.5") != RecentLogin.Unknown, TimeSpan.FromSeconds(10));
            Assert.Equal(RecentLogin.Recent, Lookup(restarted, "127.0.0.5"));
            Assert.Equal(RecentLogin.None, Lookup(restarted, "127.0.0.6"));
            Assert.Equal("127.0.0.5", (await LastLoginAsync(restarted, "alice")).Login?.Client.Split(':')[0]);
        }
        // The restarted node's feed did not write the history again.
        Assert.Equal(6, (await File.ReadAllLinesAsync(feed)).Length);
    }

    [Fact]
    public async Task A_login_expires_after_the_pop_before_smtp_ttl()
    {
        var feed = Path.Combine(_dir, "feed.json");
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "--pop_before_smtp_ttl", "2", "--audit_feed", feed, "--log_format", "json");
        await AuditJournalTables.WaitUntilAsync(() => Lookup(proxy, "127.0.0.7") != RecentLogin.Unknown, TimeSpan.FromSeconds(10));
        Assert.True(await Pop3LoginFrom.RunAsync("127.0.0.7", proxy.Host, proxy.Pop3Port, Alice, Alice.Password));

        await AuditJournalTables.WaitUntilAsync(() => Lookup(proxy, "127.0.0.7") == RecentLogin.Recent, TimeSpan.FromSeconds(10));
        Assert.Equal(RecentLogin.Recent, Lookup(proxy, "127.0.0.7"));
        await AuditJournalTables.WaitUntilAsync(() => Lookup(proxy, "127.0.0.7") == RecentLogin.None, TimeSpan.FromSeconds(10));
        Assert.Equal(RecentLogin.None, Lookup(proxy, "127.0.0.7"));

        var events = (await File.ReadAllLinesAsync(feed)).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["connect", "login-ok", "close"], events.Select(e => e.GetProperty("event").GetString()));
        Assert.All(events, e => Assert.StartsWith("127.0.0.7:", e.GetProperty("client").GetString()));
    }

    [Fact]
    public async Task An_open_session_is_relogged_every_connect_relog_seconds_and_keeps_its_address_recent()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "--connect_relog", "1", "--pop_before_smtp_ttl", "2");
        await using (var open = await Pop3LoginFrom.OpenAsync("127.0.0.8", proxy.Host, proxy.Pop3Port, Alice))
        {
            var rows = await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadSqliteAsync(proxy.JournalPath),
                r => r.Count(e => e.Manifest == "relog") >= 3, TimeSpan.FromSeconds(20));
            var relogs = rows.Select(r => r.Event).OfType<SessionRelogged>().ToList();
            Assert.True(relogs.Count >= 3);
            Assert.All(relogs, e => Assert.Equal(("alice", "127.0.0.8"), (e.Session.User, e.Session.Client.Split(':')[0])));
            // Well past the TTL of the login itself, the relogs keep the address in the table.
            Assert.Equal(RecentLogin.Recent, Lookup(proxy, "127.0.0.8"));
            await open.SendAsync("QUIT\r\n");
            await open.ReadLineAsync();
        }
        var closed = await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadSqliteAsync(proxy.JournalPath),
            r => r.Any(e => e.Manifest == "closed"), TimeSpan.FromSeconds(10));
        var count = closed.Count(e => e.Manifest == "relog");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(count, (await AuditJournalTables.ReadSqliteAsync(proxy.JournalPath)).Count(e => e.Manifest == "relog"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
