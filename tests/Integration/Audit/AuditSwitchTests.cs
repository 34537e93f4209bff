using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.Audit;

/// <summary>With mailproxy.audit.enabled = off the proxy serves logins as usual and its journal gets no event of them.</summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class AuditSwitchTests(TwoBackendsFixture backends)
{
    [Fact]
    public async Task With_the_trail_off_logins_go_through_and_no_event_is_stored()
    {
        await using var off = await RunningProxy.With("mailproxy.audit.enabled = off").InFrontOfAsync(backends.Alpha);
        await using var on = await RunningProxy.InFrontOfAsync(backends.Alpha);
        var user = TwoBackendsFixture.Alice;
        Assert.True(await Pop3LoginFrom.RunAsync("127.0.0.1", off.Host, off.Pop3Port, user, user.Password));
        Assert.True(await Pop3LoginFrom.RunAsync("127.0.0.1", on.Host, on.Pop3Port, user, user.Password));

        // The node with the trail on stores its session's three events; by then the other would have stored its own.
        var stored = await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadSqliteAsync(on.JournalPath),
            r => r.Any(e => e.Manifest == "closed"), TimeSpan.FromSeconds(20));
        Assert.Equal(["opened", "login-ok", "closed"], stored.Select(e => e.Manifest));
        var none = File.Exists(off.JournalPath) ? await AuditJournalTables.ReadSqliteAsync(off.JournalPath) : [];
        Assert.Empty(none);
        Assert.Equal((0, 0L), (off.Audit.Waiting, off.Audit.Dropped));
        Assert.Contains("Audit trail off", off.LogText(), StringComparison.Ordinal);
    }
}
