using System.Diagnostics;
using ActorMailProxy.Protocols;
using Xunit.Abstractions;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Cluster.Limits;

/// <summary>
/// kill -9 of the node whose keeper holds a limit, while that limit is full: the other two nodes go on serving, the
/// dead node's lease is dropped when the cluster removes it, and at no moment are more connections admitted than
/// the limit allows — not during the takeover, when the new keeper first asks the survivors what they hold.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LimitFailoverTests(TwoBackendsFixture backends, ITestOutputHelper output)
{
    private static readonly MailUser Bob = TwoBackendsFixture.Bob;

    [Fact]
    public async Task After_kill_9_of_the_keepers_node_its_lease_is_released_and_the_limit_is_never_exceeded()
    {
        const string from = "127.0.0.61";
        var backend = backends.BackendOf(Bob);
        await using var cluster = await ProxyCluster.StartAsync(new ClusterLaunch
        {
            Protocols = [MailProtocol.Imap4],
            ProxyArgs = ["-M", "", "-s", backend.Host, "-p", $"{backend.ImapPort}", "--ip_connection_limit", "3"],
        });
        await using var sessions = new ClientSet();
        foreach (var node in cluster.Nodes)
        {
            sessions.Add(await LimitClients.LoggedInAsync(node, from, Bob));
        }
        var keeper = await LimitStatusLine.KeeperNodeAsync(cluster, $"ip:{from}");
        Assert.Equal(3, keeper.Held);
        var victim = cluster.Nodes.Single(n => n.Address == keeper.Node);
        var survivors = cluster.Nodes.Where(n => n != victim).ToList();

        var clock = Stopwatch.StartNew();
        victim.Kill();

        // The sessions on the other two nodes go on.
        foreach (var node in survivors)
        {
            var session = sessions[node.Index]!;
            await session.SendAsync("n NOOP\r\n");
            Assert.StartsWith("n OK ", await session.ReadLineAsync());
        }

        await using var admitted = new ClientSet();
        TimeSpan? releasedAfter = null;
        var attempts = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(90) && (releasedAfter is null || clock.Elapsed < releasedAfter + TimeSpan.FromSeconds(5)))
        {
            var node = survivors[attempts++ % survivors.Count];
            var client = await RawLineClient.ConnectFromAsync(from, node.Host, node.ImapPort);
            var line = await client.ReadLineAsync();
            if (line?.StartsWith("* OK ", StringComparison.Ordinal) == true)
            {
                admitted.Add(client);
                releasedAfter ??= clock.Elapsed;
            }
            else
            {
                Assert.StartsWith("* BYE [LIMIT] ", line);
                await client.DisposeAsync();
            }
            // Two sessions live on; the dead node's place is the only one that may come back.
            Assert.True(admitted.Count <= 1, $"{admitted.Count} new connections admitted beside the 2 survivors under a limit of 3");
            await Task.Delay(100);
        }
        Assert.True(releasedAfter is not null, "the dead node's lease was never released");
        output.WriteLine($"kill -9 of {victim} (keeper of ip:{from}): its lease released, a new connection admitted after {releasedAfter!.Value.TotalSeconds:0.0} s; {attempts} attempts, never more than the limit");
        var after = await LimitStatusLine.KeeperNodeAsync(cluster, $"ip:{from}");
        Assert.Equal(3, after.Held);
        Assert.NotEqual(victim.Address, after.Node);
    }
}
