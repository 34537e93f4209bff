using ActorMailProxy.Protocols;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Proxy;
using ActorMailProxy.Routing.Tests.Maps.Sql;
using Xunit.Abstractions;

namespace ActorMailProxy.Integration.Cluster.Maps;

/// <summary>
/// kill -9 of one node of three while MailKit clients log in steadily (over 20 a second) through the other two, with
/// no connection limits: every login succeeds and none takes a second. With a PostgreSQL map the killed node is the
/// shard home of some of the users (its entities' debug lines name it), so the survivors bypass those shards until
/// they have moved; with a file map it is the oldest node, home of the coordinators, which the map never asks at all.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UserMapFailoverTests(TwoBackendsFixture backends, ITestOutputHelper output)
{
    private const double LeastRate = 20;
    private static readonly TimeSpan Slowest = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BeforeKill = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Kill_9_of_the_shard_home_of_sql_mapped_users_fails_no_login_through_the_others_nor_holds_one_up_a_second()
    {
        var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        try
        {
            // Forty map keys, so every node is the home of some; -U logs in to the backend as the user the row names.
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
            // A short TTL: every node goes back to the entities (or past them) every two seconds throughout.
            await using var cluster = await ProxyCluster.StartAsync(new ClusterLaunch
            {
                Protocols = [MailProtocol.Imap4],
                ProxyArgs = ["-M", "postgresql", "-m", postgres.Option(), "-U", "-d"],
                Hocon = "mailproxy.user-map { ttl = 2s, negative-ttl = 2s }",
            });
            for (var i = 0; i < users.Count; i++)
            {
                Assert.Null((await SteadyLogins.LoginOnceAsync(cluster[i % 3], users[i])).Failure);
            }
            var homes = await ShardHomesAsync(cluster, users);
            var victim = cluster.Nodes.MaxBy(n => homes.Values.Count(h => h == n))!;
            var survivors = cluster.Nodes.Where(n => n != victim).ToList();
            var victimUsers = users.Where(u => homes[u.Name] == victim).Select(u => u.Name).ToList();
            Assert.NotEmpty(victimUsers);
            Assert.NotEqual(users.Count, victimUsers.Count);

            var attempts = await LogInThroughKillAsync(survivors, users, victim, TimeSpan.FromSeconds(25));

            output.WriteLine($"killed {victim}, shard home of {victimUsers.Count} of {users.Count} users ({string.Join(", ", victimUsers)})");
            AssertEveryLoginQuick(attempts);
            // The run saw both the bypass and the shards' move to the survivors.
            Assert.Contains(survivors, n => victimUsers.Any(u => n.Output.Contains($"user map: the shard of \"{u}\" did not answer", StringComparison.Ordinal)));
            Assert.Contains(survivors, n => victimUsers.Any(u => n.Output.Contains(EntityLine(u), StringComparison.Ordinal)));
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task Kill_9_of_the_oldest_node_fails_no_login_through_the_others_with_a_file_map_nor_holds_one_up_a_second()
    {
        var dir = Directory.CreateTempSubdirectory("amp-map-failover-").FullName;
        try
        {
            var map = MapFiles.PosixRegex(backends, d => d.ImapPort, dir);
            await using var cluster = await ProxyCluster.StartAsync(new ClusterLaunch
            {
                Protocols = [MailProtocol.Imap4],
                ProxyArgs = ["-M", "posix_regex", "-m", map, "-d"],
                Hocon = "mailproxy.user-map { ttl = 1s, negative-ttl = 1s }",
            });
            var oldest = cluster[0];
            var status = StatusRow.Parse((await cluster.AdminAsync("cluster", "status")).Output);
            Assert.Contains("oldest", status.Single(r => r.Node == oldest.Address).Notes, StringComparison.Ordinal);
            // Each user once through each survivor first: what is timed is a login, not a node's first one.
            ClusterNode[] survivors = [cluster[1], cluster[2]];
            foreach (var node in survivors)
            {
                foreach (var user in TwoBackendsFixture.AllUsers)
                {
                    Assert.Null((await SteadyLogins.LoginOnceAsync(node, user)).Failure);
                }
            }

            var attempts = await LogInThroughKillAsync(survivors, TwoBackendsFixture.AllUsers, oldest, TimeSpan.FromSeconds(20));

            output.WriteLine($"killed the oldest node, {oldest}");
            AssertEveryLoginQuick(attempts);
            // Answered on each node: no user-map entity ever started.
            Assert.All(cluster.Nodes, n => Assert.DoesNotContain("user map: the entity of", n.Output, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string EntityLine(string user) => $"user map: the entity of \"{user}\" asks";

    /// <summary>Logs in through the survivors for a while, kills the victim, goes on for <paramref name="after"/>.</summary>
    private async Task<IReadOnlyList<LoginAttempt>> LogInThroughKillAsync(
        IReadOnlyList<ClusterNode> survivors, IReadOnlyList<MailUser> users, ClusterNode victim, TimeSpan after)
    {
        var logins = SteadyLogins.Start(survivors, users, workers: 6, interval: TimeSpan.FromMilliseconds(250));
        await Task.Delay(BeforeKill);
        var killedAt = logins.Elapsed;
        victim.Kill();
        await Task.Delay(after);
        var attempts = await logins.StopAsync();
        var slowest = attempts.OrderByDescending(a => a.Took).Take(5);
        output.WriteLine($"{attempts.Count} logins in {Duration(attempts).TotalSeconds:0.0} s ({Rate(attempts):0.0}/s), kill at {killedAt.TotalSeconds:0.0} s; " +
            $"{attempts.Count(a => a.Failure is not null)} failed; slowest " +
            string.Join(", ", slowest.Select(a => $"{a.Took.TotalMilliseconds:0} ms ({a.User} via {a.Node.Index} at {(a.StartedAt - killedAt).TotalSeconds:+0.0;-0.0} s)")));
        return attempts;
    }

    private static void AssertEveryLoginQuick(IReadOnlyList<LoginAttempt> attempts)
    {
        Assert.Empty(attempts.Where(a => a.Failure is not null).Select(a => $"{a.User} via {a.Node}: {a.Failure}"));
        Assert.All(attempts, a => Assert.True(a.Took < Slowest, $"{a.User} via {a.Node} took {a.Took.TotalMilliseconds:0} ms"));
        Assert.True(Rate(attempts) >= LeastRate, $"only {Rate(attempts):0.0} logins/s");
    }

    private static TimeSpan Duration(IReadOnlyList<LoginAttempt> attempts) =>
        attempts.Max(a => a.StartedAt + a.Took) - attempts.Min(a => a.StartedAt);

    private static double Rate(IReadOnlyList<LoginAttempt> attempts) => attempts.Count / Duration(attempts).TotalSeconds;

    /// <summary>Each user's node, named by the one node whose entity of that user asked the map.</summary>
    private static async Task<Dictionary<string, ClusterNode>> ShardHomesAsync(ProxyCluster cluster, IReadOnlyList<MailUser> users)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var outputs = cluster.Nodes.Select(n => (Node: n, n.Output)).ToList();
            var homes = users.ToDictionary(u => u.Name, u => outputs.Where(o => o.Output.Contains(EntityLine(u.Name), StringComparison.Ordinal)).Select(o => o.Node).ToList());
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
