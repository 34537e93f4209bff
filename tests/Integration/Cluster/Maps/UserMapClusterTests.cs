using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Cluster.Maps;

/// <summary>
/// Three nodes share one sharded user map over a SQL table: every node routes every mapped user, the cluster caches
/// a route for the TTL (whichever node asks, and each node keeps its copy), and <c>actormailproxy map flush</c> makes a
/// changed row count at once on every node.
/// A login that works tells the old route (only that backend knows the user); a refused one with the node's Auth
/// line naming the other backend tells the new route.
/// </summary>
public abstract class UserMapClusterTests<TMap>(TMap map) where TMap : MapCluster
{
    private static readonly TimeSpan Patience = MapCluster.Ttl + TimeSpan.FromSeconds(20);

    protected TMap Map => map;

    private ProxyCluster Cluster => map.Cluster;

    private DovecotInstance Alpha => map.Backends.Alpha;

    private DovecotInstance Beta => map.Backends.Beta;

    [Fact]
    public async Task Every_node_serves_users_of_both_backends_from_the_table()
    {
        await map.RouteAsync(TwoBackendsFixture.Alice, Alpha);
        await map.RouteAsync(TwoBackendsFixture.Nina, Beta);

        foreach (var node in Cluster.Nodes)
        {
            foreach (var user in TwoBackendsFixture.MailboxOwners)
            {
                var first = map.Backends.InboxOf(user)[0];
                Assert.Equal(first.Sha256, await FetchFirstMessageAsync(node, user));
            }
        }
    }

    [Fact]
    public async Task Cluster_status_shows_three_up_members_and_each_nodes_open_connections()
    {
        await using var a = await RawLineClient.ConnectAsync(Cluster[1].Host, Cluster[1].ImapPort);
        await using var b = await RawLineClient.ConnectAsync(Cluster[1].Host, Cluster[1].ImapPort);
        await using var c = await RawLineClient.ConnectAsync(Cluster[2].Host, Cluster[2].ImapPort);
        foreach (var client in new[] { a, b, c })
        {
            await client.ReadLineAsync();
        }

        var (status, rows) = await StatusUntilAsync(r => r.Select(x => x.Connections).SequenceEqual(["0", "2", "1"]));

        Assert.Equal(0, status.ExitCode);
        Assert.Equal(Cluster.Nodes.Select(n => n.Address), rows.Select(r => r.Node));
        Assert.All(rows, r => Assert.Equal(("Up", "proxy"), (r.Status, r.Roles)));
        Assert.Single(rows, r => r.Notes.Contains("leader", StringComparison.Ordinal));
        Assert.Single(rows, r => r.Notes.Contains("oldest", StringComparison.Ordinal));
        Assert.Contains("3 members: 3 up, 0 unreachable; 3 open connections", status.Output);
    }

    [Fact]
    public async Task A_changed_row_is_served_at_once_after_map_flush_of_its_user_and_after_the_ttl_without()
    {
        var (bob, oscar) = (TwoBackendsFixture.Bob, TwoBackendsFixture.Oscar);
        await map.RouteAsync(bob, Alpha);
        await map.RouteAsync(oscar, Beta);
        Assert.True(await LogsInAsync(Cluster[0], bob));
        Assert.True(await LogsInAsync(Cluster[0], oscar));

        await map.RouteAsync(bob, Beta);
        await map.RouteAsync(oscar, Alpha);
        // Cached: the old routes still, through another node as well.
        Assert.True(await LogsInAsync(Cluster[1], bob));
        Assert.True(await LogsInAsync(Cluster[1], oscar));

        var flush = await Cluster.AdminAsync("map", "flush", bob.Name);
        Assert.Equal(0, flush.ExitCode);
        Assert.Contains($"Dropped the cached user-map answer for \"{bob.Name}\"", flush.Output);

        Assert.False(await LogsInAsync(Cluster[2], bob));
        await AssertRoutedAsync(Cluster[2], bob, Beta);
        // Node 1 kept the old route in its own cache: dropped there too.
        Assert.False(await LogsInAsync(Cluster[1], bob));
        await AssertRoutedAsync(Cluster[1], bob, Beta);
        // Not flushed and within the TTL: still the old route.
        Assert.True(await LogsInAsync(Cluster[2], oscar));

        await EventuallyAsync(async () => !await LogsInAsync(Cluster[2], oscar), Patience);
        await AssertRoutedAsync(Cluster[2], oscar, Alpha);
    }

    [Fact]
    public async Task Map_flush_without_a_user_clears_every_node_and_names_them()
    {
        var zoe = TwoBackendsFixture.ZoeAtExampleOrg;
        await map.RouteAsync(zoe, Beta);
        Assert.True(await LogsInAsync(Cluster[0], zoe));
        await map.RouteAsync(zoe, Alpha);
        Assert.True(await LogsInAsync(Cluster[1], zoe));

        var flush = await Cluster.AdminAsync("map", "flush");

        Assert.Equal(0, flush.ExitCode);
        Assert.Contains("3 of 3 up members answered", flush.Output);
        Assert.All(Cluster.Nodes, n => Assert.Contains($"  {n.Address}  flushed", flush.Output));
        Assert.False(await LogsInAsync(Cluster[2], zoe));
        await AssertRoutedAsync(Cluster[2], zoe, Alpha);
        Assert.False(await LogsInAsync(Cluster[1], zoe));
        await AssertRoutedAsync(Cluster[1], zoe, Alpha);
    }

    private async Task<(CliRun Status, IReadOnlyList<StatusRow> Rows)> StatusUntilAsync(Func<IReadOnlyList<StatusRow>, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var status = await Cluster.AdminAsync("cluster", "status");
            var rows = StatusRow.Parse(status.Output);
            if (condition(rows) || DateTime.UtcNow > deadline)
            {
                return (status, rows);
            }
            await Task.Delay(200);
        }
    }

    private static async Task<string> FetchFirstMessageAsync(ClusterNode node, MailUser user)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(node.Host, node.ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(user.Name, user.Password);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        using var stream = new MemoryStream();
        await (await client.Inbox.GetStreamAsync(0)).CopyToAsync(stream);
        await client.DisconnectAsync(true);
        return Convert.ToHexString(SHA256.HashData(stream.ToArray()));
    }

    /// <summary>Whether <paramref name="user"/> could log in through <paramref name="node"/>; false when the backend refused.</summary>
    protected static async Task<bool> LogsInAsync(ClusterNode node, MailUser user)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(node.Host, node.ImapPort, SecureSocketOptions.None);
        try
        {
            await client.AuthenticateAsync(user.Name, user.Password);
        }
        catch (AuthenticationException)
        {
            return false;
        }
        await client.DisconnectAsync(true);
        return true;
    }

    /// <summary>The node's perdition Auth line shows it sent <paramref name="user"/> to <paramref name="backend"/>.</summary>
    private static Task AssertRoutedAsync(ClusterNode node, MailUser user, DovecotInstance backend) =>
        node.WaitForOutputAsync($"authentication_id=\"{user.Name}\" server=\"{backend.Host}:{backend.ImapPort}\"", TimeSpan.FromSeconds(10));

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not so within {patience.TotalSeconds} s");
            await Task.Delay(250);
        }
    }
}
