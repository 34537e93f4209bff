using ActorMailProxy.Protocols;
using Xunit.Abstractions;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Cluster.Limits;

/// <summary>
/// 2,000 logins over three nodes under a total limit, while one node stops gracefully halfway: every login is
/// admitted exactly once (the nodes log exactly 2,000 successful logins), never more at once than the limit, and
/// afterwards the keeper holds no lease at all — none lost with the stopping node, none doubled by its handoff.
/// </summary>
[Collection(QuietClusterCollection.Name)]
public sealed class LoginStormTests(TwoBackendsFixture backends, ITestOutputHelper output)
{
    private const int Logins = 2000;
    private const int Clients = 12;
    private const int Limit = 8;
    private static readonly MailUser Bob = TwoBackendsFixture.Bob;

    private int _claimed;
    private int _succeeded;
    private int _refused;
    private int _nodeGone;
    private readonly int[] _openOn = new int[3];
    private readonly Lock _counting = new();
    private int _maxOpen;
    private int _stopping;

    [Fact]
    public async Task Every_login_is_admitted_once_never_over_the_limit_while_a_node_stops_gracefully()
    {
        var backend = backends.BackendOf(Bob);
        await using var cluster = await ProxyCluster.StartAsync(new ClusterLaunch
        {
            Protocols = [MailProtocol.Imap4],
            ProxyArgs = ["-M", "", "-s", backend.Host, "-p", $"{backend.ImapPort}", "-L", $"{Limit}"],
        });
        var stopped = cluster[2];
        var workers = Enumerable.Range(0, Clients).Select(i => Task.Run(() => WorkAsync(cluster, stopped, i))).ToList();
        await Task.WhenAll(workers);

        Assert.Equal(0, await stopped.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        foreach (var n in cluster.Nodes)
        {
            output.WriteLine($"--- {n}\n" + string.Join("\n", n.Output.Split('\n').Where(l => l.Contains("Limit total:", StringComparison.Ordinal) || l.Contains("Shutting down:", StringComparison.Ordinal))));
        }
        output.WriteLine($"{_succeeded} logins, {_refused} refusals by the limit, {_nodeGone} attempts met the stopping node; at most {_maxOpen} open at once");
        Assert.Equal(Logins, _succeeded);
        Assert.InRange(_maxOpen, 1, Limit);
        Assert.Equal(Logins, await LoggedOkLoginsAsync(cluster));
        var total = await LimitStatusLine.EventuallyAsync(cluster, "total", s => s.Held == 0);
        Assert.Equal(0, total.Held);
    }

    private async Task WorkAsync(ProxyCluster cluster, ClusterNode stopped, int worker)
    {
        var turn = worker;
        while (Interlocked.Increment(ref _claimed) <= Logins)
        {
            while (true)
            {
                var live = Volatile.Read(ref _stopping) == 0 ? cluster.Nodes : cluster.Nodes.Where(n => n != stopped).ToList();
                var node = live[turn++ % live.Count];
                var outcome = await LoginOnceAsync(node);
                if (outcome == Outcome.LoggedIn)
                {
                    if (Interlocked.Increment(ref _succeeded) == Logins / 2 && Interlocked.Exchange(ref _stopping, 1) == 0)
                    {
                        stopped.Terminate();
                    }
                    break;
                }
                Interlocked.Increment(ref outcome == Outcome.Refused ? ref _refused : ref _nodeGone);
            }
        }
    }

    private async Task<Outcome> LoginOnceAsync(ClusterNode node)
    {
        RawLineClient client;
        try
        {
            client = await RawLineClient.ConnectFromAsync("127.0.0.71", node.Host, node.ImapPort);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return Outcome.NodeGone;
        }
        await using (client)
        {
            var admitted = false;
            try
            {
                var greeting = await client.ReadLineAsync();
                if (greeting?.StartsWith("* BYE [LIMIT] ", StringComparison.Ordinal) == true)
                {
                    return Outcome.Refused;
                }
                if (greeting?.StartsWith("* OK ", StringComparison.Ordinal) != true)
                {
                    return Outcome.NodeGone;
                }
                admitted = true;
                Opened(node.Index);
                // No LOGOUT: the client closes first, so the proxy gives the place back only after we stopped counting
                // it, and what we count open is never more than what the proxy holds.
                await client.SendAsync($"a LOGIN {Bob.Name} {Bob.Password}\r\n");
                var login = await client.ReadLineAsync();
                if (login?.StartsWith("a OK ", StringComparison.Ordinal) != true)
                {
                    return Outcome.NodeGone;
                }
                return Outcome.LoggedIn;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                return Outcome.NodeGone;
            }
            finally
            {
                if (admitted)
                {
                    // Closed before the count drops: the proxy holds the place at least as long as we count it.
                    await client.DisposeAsync();
                    Closed(node.Index);
                }
            }
        }
    }

    /// <summary>The nodes log on a background thread: the last lines may still be on their way when the clients are done.</summary>
    private static async Task<int> LoggedOkLoginsAsync(ProxyCluster cluster)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var count = cluster.Nodes.Sum(n => CountOkLogins(n.Output));
        while (count < Logins && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            count = cluster.Nodes.Sum(n => CountOkLogins(n.Output));
        }
        // Anything more than the clients did would show up by now.
        await Task.Delay(500);
        return cluster.Nodes.Sum(n => CountOkLogins(n.Output));
    }

    private static int CountOkLogins(string log) =>
        log.Split('\n').Count(l => l.Contains("Auth: ", StringComparison.Ordinal) && l.Contains("status=\"ok\"", StringComparison.Ordinal));

    /// <summary>
    /// Counts a connection the proxy greeted, and keeps the most open at once. A client counts its connection until
    /// it has closed it, so the proxy, which gives the place back after seeing that close, holds at least as many —
    /// except on the stopping node, which closes its connections itself (BYE, then the drain's end): from the stop
    /// on, those are not counted, as the proxy may have given their places back before the client noticed.
    /// </summary>
    private void Opened(int node)
    {
        lock (_counting)
        {
            _openOn[node]++;
            var stopped = Volatile.Read(ref _stopping) != 0;
            var open = _openOn.Select((n, i) => stopped && i == 2 ? 0 : n).Sum();
            _maxOpen = Math.Max(_maxOpen, open);
        }
    }

    private void Closed(int node)
    {
        lock (_counting)
        {
            _openOn[node]--;
        }
    }

    private enum Outcome
    {
        LoggedIn,
        Refused,
        NodeGone,
    }
}
