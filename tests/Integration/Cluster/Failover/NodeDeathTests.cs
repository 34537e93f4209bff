using ActorMailProxy.Protocols;
using Xunit.Abstractions;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Proxy;
using ActorMailProxy.Routing.Tests.Maps.Sql;

namespace ActorMailProxy.Integration.Cluster.Failover;

/// <summary>
/// The cluster's promise: a node's death costs only that node's sessions. Three nodes with all three limits set,
/// MailKit clients logging in steadily (over 20 a second through each survivor), then one node dies: the oldest (first
/// seed, home of the coordinators) by kill -9 or SIGTERM with a file map or a PostgreSQL map, or with a PostgreSQL map
/// the shard home of most users logging in. On the survivors no login fails and none takes a second, before, during
/// and after the cluster notices.
/// </summary>
[Collection(QuietClusterCollection.Name)]
public sealed class NodeDeathTests(TwoBackendsFixture backends, ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Limits = ["-L", "2000", "--ip_connection_limit", "1000", "--user_connection_limit", "200"];
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Slowest = TimeSpan.FromSeconds(1);
    private const double LeastRatePerNode = 20;
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-death-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(Death.Kill)]
    [InlineData(Death.Terminate)]
    public async Task With_a_file_map_the_oldest_nodes_death_costs_the_survivors_no_login(Death death)
    {
        var map = MapFiles.PosixRegex(backends, d => d.ImapPort, _dir);
        await using var cluster = await StartAsync(["-M", "posix_regex", "-m", map], "mailproxy.user-map { ttl = 1s, negative-ttl = 1s }");
        var oldest = cluster[0];
        var status = StatusRow.Parse((await cluster.AdminAsync("cluster", "status")).Output);
        Assert.Contains("oldest", status.Single(r => r.Node == oldest.Address).Notes, StringComparison.Ordinal);

        await RunAsync(cluster, oldest, death, TwoBackendsFixture.AllUsers);
        // Answered on each node: no user-map entity ever started.
        Assert.All(cluster.Nodes, n => Assert.DoesNotContain(EntityLine(""), n.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_postgresql_map_the_oldest_nodes_kill_costs_the_survivors_no_login()
    {
        await WithMapTableAsync(async (option, users) =>
        {
            await using var cluster = await StartAsync(["-M", "postgresql", "-m", option, "-U"], "mailproxy.user-map { ttl = 2s, negative-ttl = 2s }");
            await RunAsync(cluster, cluster[0], Death.Kill, users);
        });
    }

    /// <summary>Forty map keys, so every node is the home of some; the debug line of each key's entity names its node.</summary>
    [Fact]
    public async Task With_a_postgresql_map_the_kill_of_the_shard_home_of_most_users_costs_the_survivors_no_login()
    {
        await WithMapTableAsync(async (option, users) =>
        {
            await using var cluster = await StartAsync(["-M", "postgresql", "-m", option, "-U"], "mailproxy.user-map { ttl = 2s, negative-ttl = 2s }");
            for (var i = 0; i < users.Count; i++)
            {
                Assert.Null((await SteadyLogins.LoginOnceAsync(cluster[i % 3], users[i])).Failure);
            }
            var homes = await ShardHomesAsync(cluster, users);
            var victim = cluster.Nodes.MaxBy(n => homes.Values.Count(h => h == n))!;
            var victimUsers = users.Where(u => homes[u.Name] == victim).Select(u => u.Name).ToList();
            output.WriteLine($"{victim} is the shard home of {victimUsers.Count} of {users.Count} users ({string.Join(", ", victimUsers)})");
            Assert.NotEmpty(victimUsers);

            await RunAsync(cluster, victim, Death.Kill, users);
            var survivors = cluster.Nodes.Where(n => n != victim).ToList();
            // The run saw both the bypass and the shards' move to the survivors.
            Assert.Contains(survivors, n => victimUsers.Any(u => n.Output.Contains($"user map: the shard of \"{u}\" did not answer", StringComparison.Ordinal)));
            Assert.Contains(survivors, n => victimUsers.Any(u => n.Output.Contains(EntityLine(u), StringComparison.Ordinal)));
        });
    }

    public enum Death
    {
        Kill,
        Terminate,
    }

    /// <summary>-d: the entities' and the fallback's debug lines tell where each user's entity lives.</summary>
    private static Task<ProxyCluster> StartAsync(string[] map, string hocon) => ProxyCluster.StartAsync(new ClusterLaunch
    {
        Protocols = [MailProtocol.Imap4],
        ProxyArgs = [.. map, .. Limits, "-d"],
        Hocon = hocon,
    });

    /// <summary>A table of forty keys on a private PostgreSQL; with -U each logs in to the backend as the user its row names.</summary>
    private async Task WithMapTableAsync(Func<string, IReadOnlyList<MailUser>, Task> test)
    {
        var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        try
        {
            var users = new List<MailUser>();
            for (var i = 0; i < 40; i++)
            {
                var target = i % 2 == 0 ? TwoBackendsFixture.Bob : TwoBackendsFixture.Nina;
                var backend = backends.BackendOf(target);
                users.Add(new MailUser($"fo{i:00}", target.Password));
                await postgres.ExecuteAsync(
                    """INSERT INTO tblPerdition ("user", servername, port) VALUES (@user, @server, @port)""",
                    ("user", users[^1].Name), ("server", $"{target.Name}@{backend.Host}"), ("port", $"{backend.ImapPort}"));
            }
            await test(postgres.Option(), users);
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    /// <summary>Each user once through each survivor first (what is timed is a login, not a node's first one), then steady logins across the death.</summary>
    private async Task RunAsync(ProxyCluster cluster, ClusterNode victim, Death death, IReadOnlyList<MailUser> users)
    {
        var survivors = cluster.Nodes.Where(n => n != victim).ToList();
        foreach (var node in survivors)
        {
            foreach (var user in users)
            {
                Assert.Null((await SteadyLogins.LoginOnceAsync(node, user)).Failure);
            }
        }
        var logins = SteadyLogins.Start(survivors, users, workers: 8, interval: TimeSpan.FromMilliseconds(100));
        await Task.Delay(Before);
        var diedAt = logins.Elapsed;
        if (death == Death.Kill)
        {
            victim.Kill();
        }
        else
        {
            victim.Terminate();
        }
        await Task.Delay(After);
        var attempts = await logins.StopAsync();

        var failed = attempts.Where(a => a.Failure is not null).ToList();
        var slowest = attempts.MaxBy(a => a.Took)!;
        var seconds = (attempts.Max(a => a.StartedAt + a.Took) - attempts.Min(a => a.StartedAt)).TotalSeconds;
        var rates = survivors.Select(n => attempts.Count(a => a.Node == n) / seconds).ToList();
        output.WriteLine($"{death} of {victim} at {diedAt.TotalSeconds:0.0} s: {attempts.Count} logins through {string.Join(" and ", survivors)} " +
            $"({string.Join(" and ", rates.Select(r => $"{r:0.0}/s"))}), {failed.Count} failed; slowest {slowest.Took.TotalMilliseconds:0} ms " +
            $"({slowest.User} via node {slowest.Node.Index} at {(slowest.StartedAt - diedAt).TotalSeconds:+0.0;-0.0} s from the death)");
        Assert.Empty(failed.Select(a => $"{a.User} via {a.Node} at {(a.StartedAt - diedAt).TotalSeconds:+0.0;-0.0} s: {a.Failure}"));
        Assert.All(attempts, a => Assert.True(a.Took < Slowest, $"{a.User} via {a.Node} took {a.Took.TotalMilliseconds:0} ms"));
        Assert.All(rates, r => Assert.True(r >= LeastRatePerNode, $"only {r:0.0} logins/s through a survivor"));
    }

    private static string EntityLine(string user) => $"user map: the entity of \"{user}";

    /// <summary>Each user's node, named by the one node whose entity of that user asked the map.</summary>
    private static async Task<Dictionary<string, ClusterNode>> ShardHomesAsync(ProxyCluster cluster, IReadOnlyList<MailUser> users)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var homes = users.ToDictionary(u => u.Name, u => cluster.Nodes.Where(n => n.Output.Contains(EntityLine(u.Name) + "\" asks", StringComparison.Ordinal)).ToList());
            if (homes.Values.All(h => h.Count == 1))
            {
                return homes.ToDictionary(h => h.Key, h => h.Value[0]);
            }
            Assert.True(DateTime.UtcNow < deadline, "not every user's entity was seen on exactly one node: " +
                string.Join(", ", homes.Where(h => h.Value.Count != 1).Select(h => $"{h.Key} on {h.Value.Count}")));
            await Task.Delay(200);
        }
    }
}
