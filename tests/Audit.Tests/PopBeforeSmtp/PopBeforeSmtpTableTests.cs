using System.Net;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.PopBeforeSmtp;

namespace ActorMailProxy.Audit.Tests.PopBeforeSmtp;

public sealed class PopBeforeSmtpTableTests
{
    private static readonly DateTimeOffset T0 = AuditSamples.Time;
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(30);

    private static LoginSucceeded Login(string client, DateTimeOffset at) =>
        new(AuditEvent.NewId(), "n", at, AuditSamples.Accepted with { Client = client, User = "alice" });

    private static PopBeforeSmtpTable CaughtUp(params AuditEvent[] events)
    {
        var table = new PopBeforeSmtpTable(Ttl);
        foreach (var e in events)
        {
            table.Apply(e, live: false);
        }
        table.CaughtUp(T0);
        return table;
    }

    [Fact]
    public void A_login_lets_its_address_relay_until_the_ttl_has_passed()
    {
        var table = CaughtUp(Login("192.0.2.7:40000", T0));

        Assert.Equal(RecentLogin.Recent, table.Lookup(IPAddress.Parse("192.0.2.7"), T0 + Ttl - TimeSpan.FromSeconds(1)));
        Assert.Equal(RecentLogin.None, table.Lookup(IPAddress.Parse("192.0.2.7"), T0 + Ttl));
        Assert.Equal(RecentLogin.None, table.Lookup(IPAddress.Parse("192.0.2.8"), T0));
    }

    [Fact]
    public void Until_the_journal_is_read_to_the_end_every_address_is_unknown()
    {
        var table = new PopBeforeSmtpTable(Ttl);
        table.Apply(Login("192.0.2.7:40000", T0), live: false);

        Assert.Equal(RecentLogin.Unknown, table.Lookup(IPAddress.Parse("192.0.2.7"), T0));
        table.CaughtUp(T0);
        Assert.Equal(RecentLogin.Recent, table.Lookup(IPAddress.Parse("192.0.2.7"), T0));
    }

    [Fact]
    public void Failed_logins_connections_and_closes_give_no_permission()
    {
        var session = AuditSamples.Accepted with { Client = "192.0.2.9:1" };
        var table = CaughtUp(
            new ConnectionOpened("a", "n", T0, session),
            new LoginFailed("b", "n", T0, session, LoginFailureClass.Rejected, "no"),
            new ConnectionRefused("c", "n", T0, session, "ip:192.0.2.9"),
            new ConnectionClosed("d", "n", T0, session, 0, 0, TimeSpan.Zero, "closed"));

        Assert.Equal(RecentLogin.None, table.Lookup(IPAddress.Parse("192.0.2.9"), T0));
    }

    [Fact]
    public void A_relog_of_an_open_session_extends_the_permission_and_an_older_login_never_shortens_it()
    {
        var later = T0 + TimeSpan.FromMinutes(20);
        var table = CaughtUp(
            Login("192.0.2.7:40000", T0),
            new SessionRelogged("r", "n", later, AuditSamples.Accepted with { Client = "192.0.2.7:40000" }),
            Login("192.0.2.7:40001", T0 - TimeSpan.FromMinutes(5)));

        Assert.Equal(RecentLogin.Recent, table.Lookup(IPAddress.Parse("192.0.2.7"), T0 + Ttl + TimeSpan.FromMinutes(10)));
        Assert.Equal(RecentLogin.None, table.Lookup(IPAddress.Parse("192.0.2.7"), later + Ttl));
    }

    [Fact]
    public void IPv6_and_IPv4_mapped_clients_are_found_by_their_address()
    {
        var table = CaughtUp(Login("[2001:db8::5]:993", T0), Login("[::ffff:198.51.100.4]:1234", T0));

        Assert.Equal(RecentLogin.Recent, table.Lookup(IPAddress.Parse("2001:db8::5"), T0));
        Assert.Equal(RecentLogin.Recent, table.Lookup(IPAddress.Parse("198.51.100.4"), T0));
        Assert.Equal(RecentLogin.Recent, table.Lookup(IPAddress.Parse("::ffff:198.51.100.4"), T0));
    }

    [Fact]
    public void Prune_forgets_expired_addresses_only()
    {
        var table = CaughtUp(Login("192.0.2.1:1", T0 - TimeSpan.FromHours(2)), Login("192.0.2.2:1", T0));

        Assert.Equal(1, table.Count);
        table.Apply(Login("192.0.2.3:1", T0 - TimeSpan.FromHours(3)), live: true);
        Assert.Equal(1, table.Prune(T0));
        Assert.Equal(1, table.Count);
        Assert.Equal(RecentLogin.Recent, table.Lookup(IPAddress.Parse("192.0.2.2"), T0));
    }

    [Fact]
    public void Expired_addresses_are_swept_while_logins_keep_coming_so_the_table_stays_bounded()
    {
        var table = CaughtUp();
        var longAgo = DateTimeOffset.UtcNow - TimeSpan.FromHours(3);
        for (var i = 0; i < 3 * PopBeforeSmtpTable.PruneEvery; i++)
        {
            table.Apply(Login($"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}:1", longAgo), live: true);
        }

        Assert.True(table.Count <= PopBeforeSmtpTable.PruneEvery, $"{table.Count} addresses held");
    }
}
