using System.Net;
using ActorMailProxy.Audit.PopBeforeSmtp;
using ActorMailProxy.Integration.Audit;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Postfix;
using ActorMailProxy.Integration.Proxy;

namespace ActorMailProxy.Integration.PopBeforeSmtp;

/// <summary>
/// POP-before-SMTP end to end on one node: a real Postfix asks the proxy's policy service
/// (<c>check_policy_service</c> before <c>reject_unauth_destination</c>), which answers from the table the audit log feeds.
/// </summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class PopBeforeSmtpProxyTests(TwoBackendsFixture backends)
{
    private static readonly MailUser Alice = TwoBackendsFixture.Alice;
    private static readonly MailUser Bob = TwoBackendsFixture.Bob;
    private const string Client = "127.0.0.2";

    [Fact]
    public async Task Swaks_from_an_address_may_relay_only_after_a_pop3_login_from_it_and_until_the_ttl_runs_out()
    {
        var policy = new IPEndPoint(IPAddress.Loopback, LoopbackPorts.Take(1)[0]);
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha,
            "--pop_before_smtp_policy", policy.ToString(), "--pop_before_smtp_ttl", "4");
        await using var postfix = await PostfixInstance.StartAsync(policy, "pbs");
        await AuditJournalTables.WaitUntilAsync(() => Lookup(proxy) != RecentLogin.Unknown, TimeSpan.FromSeconds(10));

        AssertRelayDenied(await postfix.TryRelayAsync(Client));

        // A failed login is no login.
        Assert.False(await Pop3LoginFrom.RunAsync(Client, proxy.Host, proxy.Pop3Port, Bob, Bob.Password + "-wrong"));
        await AuditJournalTables.WaitUntilAsync(() => proxy.Views.Applied >= 3, TimeSpan.FromSeconds(10));
        AssertRelayDenied(await postfix.TryRelayAsync(Client));

        Assert.True(await Pop3LoginFrom.RunAsync(Client, proxy.Host, proxy.Pop3Port, Alice, Alice.Password));
        await AuditJournalTables.WaitUntilAsync(() => Lookup(proxy) == RecentLogin.Recent, TimeSpan.FromSeconds(10));
        var accepted = await postfix.TryRelayAsync(Client);
        Assert.True(accepted.Accepted, accepted.ToString());
        // Only the address that logged in.
        AssertRelayDenied(await postfix.TryRelayAsync("127.0.0.3"));

        await AuditJournalTables.WaitUntilAsync(() => Lookup(proxy) == RecentLogin.None, TimeSpan.FromSeconds(10));
        AssertRelayDenied(await postfix.TryRelayAsync(Client));
    }

    private static RecentLogin Lookup(RunningProxy proxy) => proxy.Views.PopBeforeSmtp.Lookup(IPAddress.Parse(Client), DateTimeOffset.UtcNow);

    private static void AssertRelayDenied(RcptAttempt attempt) => Assert.True(attempt.RelayDenied, attempt.ToString());
}
