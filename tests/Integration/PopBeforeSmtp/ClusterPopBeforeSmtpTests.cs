using System.Net;
using ActorMailProxy.Integration.Audit;
using ActorMailProxy.Integration.Cluster;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Tests.Maps.Sql;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Postfix;

namespace ActorMailProxy.Integration.PopBeforeSmtp;

/// <summary>
/// POP-before-SMTP across a three-node cluster sharing a PostgreSQL journal: a real Postfix asks node 0's policy
/// service, the client logs in through node 2, and relaying follows the login wherever it happened.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterPopBeforeSmtpTests(TwoBackendsFixture backends, PostgresFixture pg) : IClassFixture<PostgresFixture>
{
    private static readonly MailUser Alice = TwoBackendsFixture.Alice;
    private const string Client = "127.0.0.2";
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Postfix_asking_one_node_relays_for_an_address_that_logged_in_through_another_until_the_ttl_runs_out()
    {
        var journal = await PostgresJournal.NewAsync(pg);
        var policies = LoopbackPorts.Take(3);
        await using var cluster = await ProxyCluster.StartAsync(new ClusterLaunch
        {
            Protocols = [MailProtocol.Pop3],
            ProxyArgs = ["-M", "", "-s", backends.Alpha.Host, "-p", $"{backends.Alpha.Pop3Port}", "--journal", "postgres:" + journal,
                "--pop_before_smtp_ttl", $"{Ttl.TotalSeconds}"],
            NodeArgs = i => ["--pop_before_smtp_policy", $"127.0.0.1:{policies[i]}"],
        });
        await using var postfix = await PostfixInstance.StartAsync(new IPEndPoint(IPAddress.Loopback, policies[0]), "clusterpbs");
        var asked = cluster[0];
        var through = cluster[2];

        AssertRelayDenied(await postfix.TryRelayAsync(Client));

        Assert.True(await Pop3LoginFrom.RunAsync(Client, through.Host, through.Pop3Port, Alice, Alice.Password));
        var loggedIn = DateTime.UtcNow;
        var accepted = await RelayUntilAsync(postfix, a => a.Accepted, TimeSpan.FromSeconds(6));
        Assert.True(accepted.Accepted, accepted.ToString());
        Assert.True(DateTime.UtcNow - loggedIn < Ttl, "the login was stored and seen by the asked node well within the TTL");

        var lastLogin = await AdminCli.RunAsync("cluster", "last-login", "alice", "--cluster_seed", $"{asked.Host}:{asked.ClusterPort}");
        Assert.Equal(0, lastLogin.ExitCode);
        Assert.Contains($"from {Client}:", lastLogin.Output);
        Assert.Contains($"through {through.Address} ", lastLogin.Output);

        var refused = await RelayUntilAsync(postfix, a => a.RelayDenied, Ttl + TimeSpan.FromSeconds(6));
        AssertRelayDenied(refused);
        Assert.True(DateTime.UtcNow - loggedIn >= Ttl, "refused again only once the TTL has run out");
    }

    /// <summary>Asks Postfix again every half second until <paramref name="done"/> or the time is up; the last answer.</summary>
    private static async Task<RcptAttempt> RelayUntilAsync(PostfixInstance postfix, Func<RcptAttempt, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var attempt = await postfix.TryRelayAsync(Client);
            if (done(attempt) || DateTime.UtcNow > deadline)
            {
                return attempt;
            }
            await Task.Delay(500);
        }
    }

    private static void AssertRelayDenied(RcptAttempt attempt) => Assert.True(attempt.RelayDenied, attempt.ToString());
}
