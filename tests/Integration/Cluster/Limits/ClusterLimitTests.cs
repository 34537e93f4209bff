using ActorMailProxy.Protocols;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Cluster.Limits;

/// <summary>
/// The limits hold for the cluster, not per node: connections spread over three nodes count together, whichever
/// node the next one lands on, and a place given back on one node is free on all.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterLimitTests(TwoBackendsFixture backends) : IAsyncLifetime
{
    private static readonly MailUser Bob = TwoBackendsFixture.Bob;
    private ProxyCluster? _cluster;

    private ProxyCluster Cluster => _cluster!;

    public async Task InitializeAsync()
    {
        var alpha = backends.BackendOf(Bob);
        _cluster = await ProxyCluster.StartAsync(new ClusterLaunch
        {
            Protocols = [MailProtocol.Imap4],
            ProxyArgs = ["-M", "", "-s", alpha.Host, "-p", $"{alpha.ImapPort}",
                "-L", "6", "--ip_connection_limit", "3", "--user_connection_limit", "2"],
        });
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    [Fact]
    public async Task The_fourth_connection_from_one_ip_is_refused_on_whichever_node_it_lands_and_a_close_frees_a_place()
    {
        await using var clients = new ClientSet();
        foreach (var node in Cluster.Nodes)
        {
            clients.Add(await LimitClients.AdmittedAsync(node, "127.0.0.21"));
        }
        foreach (var node in Cluster.Nodes)
        {
            Assert.StartsWith("* BYE [LIMIT] ", await LimitClients.RefusalAsync(node, "127.0.0.21"));
        }
        await clients.CloseAsync(1);
        clients.Add(await LimitClients.AdmittedAsync(Cluster[2], "127.0.0.21"));
        Assert.StartsWith("* BYE [LIMIT] ", await LimitClients.RefusalAsync(Cluster[0], "127.0.0.21"));
    }

    [Fact]
    public async Task A_users_third_session_is_refused_on_any_node_and_admitted_once_one_ends()
    {
        await using var clients = new ClientSet();
        clients.Add(await LimitClients.LoggedInAsync(Cluster[0], "127.0.0.31", Bob));
        clients.Add(await LimitClients.LoggedInAsync(Cluster[1], "127.0.0.32", Bob));
        await using var third = await LimitClients.AdmittedAsync(Cluster[2], "127.0.0.33");
        await third.SendAsync($"a LOGIN {Bob.Name} {Bob.Password}\r\n");
        Assert.StartsWith("a NO [LIMIT] ", await third.ReadLineAsync());
        await clients.CloseAsync(0);
        Assert.True(await LimitClients.EventuallyLogsInAsync(third, Bob), "the freed place never reached the third session");
    }

    [Fact]
    public async Task The_total_counts_every_nodes_connections()
    {
        await using var clients = new ClientSet();
        for (var i = 0; i < 6; i++)
        {
            clients.Add(await LimitClients.AdmittedAsync(Cluster[i % 3], $"127.0.0.{40 + i}"));
        }
        foreach (var node in Cluster.Nodes)
        {
            Assert.StartsWith("* BYE [LIMIT] ", await LimitClients.RefusalAsync(node, "127.0.0.49"));
        }
        await clients.CloseAsync(4);
        clients.Add(await LimitClients.AdmittedAsync(Cluster[0], "127.0.0.49"));
    }
}
