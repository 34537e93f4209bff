using ActorMailProxy.Audit.Delivery;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Spool;
using ActorMailProxy.Integration.Fixtures.Raw;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// One node and the spool at start: what an earlier run left (a torn last line included) is stored before anything
/// else, and a spool another process holds is left alone: the second process does not start.
/// </summary>
public sealed class SpoolRecoveryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-spool-recovery-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string SpoolHocon => $"mailproxy.audit.spool = \"{Path.Combine(_dir, "spool")}\"";

    [Fact]
    public async Task Events_a_killed_run_left_in_the_spool_are_stored_at_the_next_start_and_the_old_segments_go()
    {
        var spool = Path.Combine(_dir, "spool");
        Directory.CreateDirectory(spool);
        var left = Enumerable.Range(0, 5).Select(i => (AuditEvent)new ConnectionOpened($"left-{i}", "127.0.0.1:2551", DateTimeOffset.UtcNow,
            new AuditSession($"127.0.0.9:{40000 + i}", "127.0.0.1:110", "POP3"))).ToList();
        var lines = left.SelectMany(SpoolSegment.Line).ToArray();
        // The earlier run died writing its sixth line.
        File.WriteAllBytes(Path.Combine(spool, SpoolSegment.FileName(0)), [.. lines, .. SpoolSegment.Line(left[0])[..10]]);

        await using var proxy = await RunningProxy.With(SpoolHocon).StartAsync("-M", "");
        var rows = await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadSqliteAsync(proxy.JournalPath), r => r.Count >= 5, TimeSpan.FromSeconds(20));

        Assert.Equal(left.Select(e => e.EventId), rows.Select(r => r.Event.EventId));
        Assert.Contains("5 events of an earlier run not confirmed stored, recording them again (from 1 segment file(s); 1 torn and 0 unreadable lines left out)", proxy.LogText());
        await AuditJournalTables.WaitUntilAsync(() => proxy.Audit.Waiting == 0, TimeSpan.FromSeconds(5));
        Assert.False(File.Exists(Path.Combine(spool, SpoolSegment.FileName(0))));
        Assert.Empty(AuditSpool.Peek(spool).Events);
    }

    [Fact]
    public async Task A_second_node_given_a_spool_in_use_refuses_to_start_naming_the_option_and_the_first_serves_on()
    {
        await using var first = await RunningProxy.With(SpoolHocon).StartAsync("-M", "");

        var refused = await Assert.ThrowsAsync<SpoolHeldException>(() => RunningProxy.With(SpoolHocon).StartAsync("-M", ""));

        Assert.Equal($"the audit spool {Path.Combine(_dir, "spool")} is in use by another process; give each process its own with --audit_spool DIR", refused.Message);
        await using var client = await RawLineClient.ConnectFromAsync("127.0.0.1", first.Host, first.Pop3Port);
        Assert.StartsWith("+OK", await client.ReadLineAsync());
    }
}
