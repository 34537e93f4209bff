using System.Diagnostics;
using ActorMailProxy.Protocols;
using Xunit.Abstractions;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Cluster.Limits;

/// <summary>
/// A per-IP limit of 3 over three nodes, 50 attempts at once from that IP spread over the nodes, then kill -9 of
/// the oldest node: at no moment are more than 3 connections from the IP open, and the dead node's place is free
/// again within 10 s, when the cluster has removed it.
/// </summary>
[Collection(QuietClusterCollection.Name)]
public sealed class LimitStrictnessTests(TwoBackendsFixture backends, ITestOutputHelper output)
{
    private const string From = "127.0.0.61";
    private const int Limit = 3;
    private readonly Dictionary<RawLineClient, ClusterNode> _open = [];
    private readonly Lock _counting = new();
    private int _mostOpen;
    private int _attempts;

    [Fact]
    public async Task Fifty_attempts_at_once_never_open_more_than_the_limit_and_the_oldest_nodes_death_frees_its_place_within_10_s()
    {
        var backend = backends.BackendOf(TwoBackendsFixture.Bob);
        await using var cluster = await ProxyCluster.StartAsync(new ClusterLaunch
        {
            Protocols = [MailProtocol.Imap4],
            ProxyArgs = ["-M", "", "-s", backend.Host, "-p", $"{backend.ImapPort}", "--ip_connection_limit", $"{Limit}"],
        });
        try
        {
            await AttemptAsync(cluster.Nodes, 50);
            Assert.Equal(Limit, Open);

            var oldest = cluster[0];
            var survivors = cluster.Nodes.Skip(1).ToList();
            var clock = Stopwatch.StartNew();
            oldest.Kill();
            await CloseOnAsync(oldest);
            while (Open < Limit && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await AttemptAsync(survivors, 10);
                await Task.Delay(100);
            }
            var freedAfter = clock.Elapsed;
            output.WriteLine($"kill -9 of the oldest node: its place was free again after {freedAfter.TotalSeconds:0.0} s; {_attempts} attempts in all, at most {_mostOpen} open at once");
            Assert.Equal(Limit, Open);
            Assert.True(freedAfter <= TimeSpan.FromSeconds(10), $"the dead node's place came back after {freedAfter.TotalSeconds:0.0} s");

            await AttemptAsync(survivors, 50);
            Assert.Equal(Limit, Open);
            Assert.InRange(_mostOpen, 1, Limit);
            var status = await LimitStatusLine.EventuallyAsync(cluster, $"ip:{From}", s => s.Held == Limit);
            Assert.Equal(Limit, status.Held);
        }
        finally
        {
            foreach (var client in _open.Keys)
            {
                await client.DisposeAsync();
            }
        }
    }

    private int Open
    {
        get
        {
            lock (_counting)
            {
                return _open.Count;
            }
        }
    }

    /// <summary><paramref name="count"/> connections at once, spread over <paramref name="nodes"/>; the greeted ones stay open.</summary>
    private Task AttemptAsync(IReadOnlyList<ClusterNode> nodes, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var node = nodes[i % nodes.Count];
            var client = await RawLineClient.ConnectFromAsync(From, node.Host, node.ImapPort);
            Interlocked.Increment(ref _attempts);
            var line = await client.ReadLineAsync();
            if (line?.StartsWith("* OK ", StringComparison.Ordinal) == true)
            {
                lock (_counting)
                {
                    _open[client] = node;
                    _mostOpen = Math.Max(_mostOpen, _open.Count);
                }
                return;
            }
            await client.DisposeAsync();
            Assert.StartsWith("* BYE [LIMIT] ", line);
        }));

    /// <summary>A killed node's connections ended with it.</summary>
    private async Task CloseOnAsync(ClusterNode node)
    {
        List<RawLineClient> gone;
        lock (_counting)
        {
            gone = [.. _open.Where(c => c.Value == node).Select(c => c.Key)];
            gone.ForEach(c => _open.Remove(c));
        }
        foreach (var client in gone)
        {
            await client.DisposeAsync();
        }
    }
}
