using ActorMailProxy.Protocols;
using Xunit.Abstractions;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Proxy;
using ActorMailProxy.Routing.Tests.Maps.Sql;

namespace ActorMailProxy.Integration.Cluster.Failover;

/// <summary>
/// The cluster's promise: a node's death costs only that node's sessions. Three nodes with all three limits set,
/// clients logging in steadily through nodes 1 and 2 (MailKit, every fixture user in turn), then node 0 — the
/// oldest, first seed, home of the coordinators — is killed or stopped. On the survivors no login fails and none
/// takes longer than a second, before, during and after the cluster notices.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NodeDeathTests(TwoBackendsFixture backends, ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Limits = ["-L", "2000", "--ip_connection_limit", "1000", "--user_connection_limit", "200"];
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(14);
    /// <summary>The users perdition's table layout can hold (<c>"user" char(16)</c>).</summary>
    private static readonly IReadOnlyList<MailUser> TableUsers = [.. TwoBackendsFixture.AllUsers.Where(u => u.Name.Length <= 16)];

    private readonly string _dir = Directory.CreateTempSubdirectory("amp-death-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("kill -9")]
    [InlineData("SIGTERM")]
    public async Task With_a_file_map_the_oldest_nodes_death_costs_the_survivors_no_login(string death)
    {
        var map = MapFiles.PosixRegex(backends, d => d.ImapPort, _dir);
        await using var cluster = await StartAsync(["-M", "posix_regex", "-m", map]);
        await RunAsync(cluster, cluster[0], death, TwoBackendsFixture.AllUsers);
    }

    [Fact]
    public async Task With_a_postgresql_map_the_oldest_nodes_kill_costs_the_survivors_no_login()
    {
        var database = new PostgresFixture();
        await database.InitializeAsync();
        try
        {
            foreach (var user in TableUsers)
            {
                var backend = backends.BackendOf(user);
                await database.ExecuteAsync("""INSERT INTO tblPerdition ("user", servername, port) VALUES (@user, @server, @port)""",
                    ("user", user.Name), ("server", backend.Host), ("port", $"{backend.ImapPort}"));
            }
            await using var cluster = await StartAsync(["-M", "postgresql", "-m", database.Option()]);
            await RunAsync(cluster, cluster[0], "kill -9", TableUsers);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    private static Task<ProxyCluster> StartAsync(string[] map) => ProxyCluster.StartAsync(new ClusterLaunch
    {
        Protocols = [MailProtocol.Imap4],
        ProxyArgs = [.. map, .. Limits],
    });

    private async Task RunAsync(ProxyCluster cluster, ClusterNode victim, string death, IReadOnlyList<MailUser> users)
    {
        var survivors = cluster.Nodes.Where(n => n != victim).ToList();
        var load = new LoginLoad();
        load.Start(survivors, workersPerNode: 2, users);
        await Task.Delay(Before);
        var diedAt = load.Elapsed;
        if (death == "kill -9")
        {
            victim.Kill();
        }
        else
        {
            victim.Terminate();
        }
        await Task.Delay(After);
        await load.StopAsync();

        var logins = load.Logins;
        var failed = logins.Where(l => l.Failure is not null).ToList();
        var slowest = logins.MaxBy(l => l.Took)!;
        var around = logins.Where(l => l.Started >= diedAt && l.Started < diedAt + TimeSpan.FromSeconds(10)).ToList();
        var perNodeRate = survivors.Select(n => logins.Count(l => l.Node == n.Index) / (Before + After).TotalSeconds).ToList();
        output.WriteLine($"{death} of {victim} at {diedAt.TotalSeconds:0.0} s: {logins.Count} logins through nodes {string.Join(", ", survivors.Select(n => n.Index))} " +
            $"({string.Join(" and ", perNodeRate.Select(r => $"{r:0}/s"))}), {failed.Count} failed; slowest {slowest.Took.TotalMilliseconds:0} ms " +
            $"(at {slowest.Started.TotalSeconds:0.0} s); {around.Count} logins in the 10 s after, slowest of them {around.Max(l => l.Took).TotalMilliseconds:0} ms");
        foreach (var login in failed.Take(5))
        {
            output.WriteLine($"  failed at {login.Started.TotalSeconds:0.00} s on node {login.Node} as {login.User}: {login.Failure}");
        }
        Assert.Empty(failed);
        Assert.True(slowest.Took <= TimeSpan.FromSeconds(1), $"a login took {slowest.Took.TotalMilliseconds:0} ms");
        Assert.All(perNodeRate, rate => Assert.True(rate >= 20, $"only {rate:0.0} logins/s through a node"));
    }
}
