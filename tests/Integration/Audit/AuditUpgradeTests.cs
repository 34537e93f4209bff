using System.Net;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.PopBeforeSmtp;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// A journal written by the version before the partitioned log (one persistence id "audit-log", made by its demo on
/// 2026-12-07: alice logged in over POP3 from 127.0.0.5, nina over IMAP from 127.0.0.6, bob failed from 127.0.0.7), read
/// by this one: its events are indexed and found by audit query, count for POP-before-SMTP, and new events join them
/// in the node's own partition while the old rows stay as they were.
/// </summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class AuditUpgradeTests(TwoBackendsFixture backends) : IDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Audit", "Journals", "audit-log-2026-12-07.db");
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-upgrade-").FullName;

    [Fact]
    public async Task A_journal_of_the_version_before_is_queried_indexed_and_counted_for_pop_before_smtp()
    {
        var path = Path.Combine(_dir, "audit.db");
        File.Copy(Fixture, path);
        var journal = "sqlite:" + path;
        // Ten years: the fixture's logins, made on the day it was written, still let their addresses relay.
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "--journal", journal, "--pop_before_smtp_ttl", "315360000");

        RecentLogin Lookup(string address) => proxy.Views.PopBeforeSmtp.Lookup(IPAddress.Parse(address), DateTimeOffset.UtcNow);
        await AuditJournalTables.WaitUntilAsync(() => Lookup("127.0.0.5") != RecentLogin.Unknown, TimeSpan.FromSeconds(20));
        Assert.Equal([RecentLogin.Recent, RecentLogin.Recent, RecentLogin.None], new[] { "127.0.0.5", "127.0.0.6", "127.0.0.7" }.Select(Lookup));

        Assert.True(await Pop3LoginFrom.RunAsync("127.0.0.9", proxy.Host, proxy.Pop3Port, TwoBackendsFixture.Alice, TwoBackendsFixture.Alice.Password));
        var rows = await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadSqliteAsync(path), r => r.Count >= 12, TimeSpan.FromSeconds(20));
        Assert.Equal(9, rows.Count(r => r.PersistenceId == "audit-log"));
        // The old rows' tags moved from the tags table into the rows, where the readers find them, as the new rows have theirs.
        Assert.All(rows.Where(r => r.PersistenceId == "audit-log"), r => Assert.Equal([AuditLog.Tag], r.Tags));
        Assert.All(rows.Where(r => r.PersistenceId != "audit-log"), r => Assert.Equal(AuditLog.TagsOf(r.Event).Order(), r.Tags.Order()));
        Assert.Equal(3, rows.Count(r => r.PersistenceId.StartsWith(proxy.Options.AuditLog.LogId + "-", StringComparison.Ordinal)));

        var last = await AuditProjectionTests.LastLoginAsync(proxy, "nina");
        Assert.Equal(("127.0.0.6", "IMAP4"), (last.Login?.Client.Split(':')[0], last.Login?.Protocol));

        var alice = AuditCliOutput.Lines(await AuditCliOutput.RunAsync("query", "--user", "alice", "--journal", journal));
        Assert.Equal(["127.0.0.5", "127.0.0.5", "127.0.0.9", "127.0.0.9"], alice.Select(l => ClientOf(l.Text)));
        var bob = AuditCliOutput.Lines(await AuditCliOutput.RunAsync("query", "--ip", "127.0.0.7", "--journal", journal));
        Assert.Equal(["Connect", "Auth", "Close"], bob.Select(l => l.Text[..l.Text.IndexOf(':')]));
    }

    private static string ClientOf(string line) => line.Split(' ')[1].Split(':')[0];

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
