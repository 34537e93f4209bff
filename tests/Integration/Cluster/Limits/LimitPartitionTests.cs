using System.Diagnostics;
using ActorMailProxy.Protocols;
using Xunit.Abstractions;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Cluster.Limits;

/// <summary>
/// SIGSTOP of one node for 20 s, as a partition looks to the others: they go on admitting within the limit, take the
/// stopped node's share once they have downed it, and the stopped node, when it resumes, admits nothing (not even
/// the connection that waited in its backlog) and exits, as a downed node must.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LimitPartitionTests(TwoBackendsFixture backends, ITestOutputHelper output)
{
    private const string From = "127.0.0.81";
    private const int Limit = 3;

    [Fact]
    public async Task A_node_stopped_for_20_s_is_downed_the_others_stay_within_the_limit_and_it_admits_nothing_when_it_resumes()
    {
        var backend = backends.BackendOf(TwoBackendsFixture.Bob);
        await using var cluster = await ProxyCluster.StartAsync(new ClusterLaunch
        {
            Protocols = [MailProtocol.Imap4],
            ProxyArgs = ["-M", "", "-s", backend.Host, "-p", $"{backend.ImapPort}", "--ip_connection_limit", $"{Limit}"],
        });
        await using var held = new ClientSet();
        foreach (var node in cluster.Nodes)
        {
            held.Add(await LimitClients.AdmittedAsync(node, From));
        }
        var stopped = cluster[2];
        var survivors = cluster.Nodes.Take(2).ToList();
        var clock = Stopwatch.StartNew();
        stopped.Stop();
        await using var waiting = await RawLineClient.ConnectFromAsync(From, stopped.Host, stopped.ImapPort);

        await using var admitted = new ClientSet();
        TimeSpan? sharedOut = null;
        var attempts = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var node = survivors[attempts++ % 2];
            var client = await RawLineClient.ConnectFromAsync(From, node.Host, node.ImapPort);
            var line = await client.ReadLineAsync();
            if (line?.StartsWith("* OK ", StringComparison.Ordinal) == true)
            {
                admitted.Add(client);
                sharedOut ??= clock.Elapsed;
            }
            else
            {
                Assert.StartsWith("* BYE [LIMIT] ", line);
                await client.DisposeAsync();
            }
            // The survivors hold 2; the stopped node's share (1) is theirs only once they downed it.
            Assert.True(admitted.Count <= 1, $"{admitted.Count} admitted beside the survivors' 2 under a limit of {Limit}");
            await Task.Delay(200);
        }
        Assert.NotNull(sharedOut);

        stopped.Continue();
        var greeting = await FirstLineOrEndAsync(waiting);
        var exit = await stopped.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"SIGSTOP of {stopped} for 20 s: the survivors took its share after {sharedOut!.Value.TotalSeconds:0.0} s ({attempts} attempts, never over {Limit}); " +
            $"resumed, it exited with {exit?.ToString() ?? "nothing (still running)"}; the connection in its backlog got {greeting ?? "closed"}");
        Assert.NotNull(exit);
        Assert.False(greeting?.StartsWith("* OK ", StringComparison.Ordinal) == true, $"the resumed node admitted a connection: {greeting}");
        Assert.Equal(2, cluster.Nodes.Take(2).Count(n => n.Process.HasExited is false));
    }

    /// <summary>What the resumed node told the connection that waited in its backlog: a line, or null when it closed it.</summary>
    private static async Task<string?> FirstLineOrEndAsync(RawLineClient client)
    {
        try
        {
            return await client.ReadLineAsync();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
