using ActorMailProxy.Protocols;
using ActorMailProxy.Integration.Executable;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Cluster;

/// <summary>
/// N proxy nodes as real OS processes forming one Akka cluster on 127.0.0.1, each started as an operator would:
/// <c>--config</c> (cluster-node.conf plus the launch's HOCON) <c>--cluster_host --cluster_port --cluster_seed</c>
/// and its own listeners. Started when every node logged its ready line and <c>cluster status</c> shows every
/// member Up; disposing kills whatever still runs and deletes the configuration (and the next start does so for
/// clusters of test processes that died first).
/// </summary>
public sealed class ProxyCluster : IAsyncDisposable
{
    private readonly string _dir;
    private readonly ClusterLaunch _launch;
    private readonly List<ClusterNode> _nodes;
    private readonly List<ClusterNode> _extraNodes = [];

    private ProxyCluster(string dir, string configPath, ClusterLaunch launch, List<ClusterNode> nodes)
    {
        _dir = dir;
        ConfigPath = configPath;
        _launch = launch;
        _nodes = nodes;
        Seeds = string.Join(',', nodes.Select(n => n.Address));
    }

    /// <summary>The launch's nodes (not those of <see cref="StartExtraNode"/>).</summary>
    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    public ClusterNode this[int index] => Nodes[index];

    /// <summary>The --cluster_seed value every node was given: all the launch's nodes, as cluster-node.conf advises.</summary>
    public string Seeds { get; }

    /// <summary>The HOCON file the nodes run with (cluster-node.conf with the launch's HOCON layered on top).</summary>
    public string ConfigPath { get; }

    public static async Task<ProxyCluster> StartAsync(ClusterLaunch launch)
    {
        AbandonedClusters.Sweep();
        var dir = AbandonedClusters.NewDirectory();
        var config = Path.Combine(dir, "node.conf");
        await File.WriteAllTextAsync(config, NodeConfig(dir, launch.Hocon));
        var clusterPorts = LoopbackPorts.Take(launch.Nodes);
        var seeds = string.Join(',', clusterPorts.Select(p => $"127.0.0.1:{p}"));
        var nodes = new List<ClusterNode>();
        try
        {
            for (var i = 0; i < launch.Nodes; i++)
            {
                nodes.Add(StartNode(i, clusterPorts[i], seeds, config, dir, launch, launch.NodeArgs(i)));
            }
            var cluster = new ProxyCluster(dir, config, launch, nodes);
            await cluster.WaitUntilUpAsync(launch.StartTimeout);
            return cluster;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            var outputs = string.Join("\n", nodes.Select(n => $"----- {n}:\n{n.Output}"));
            await DisposeAsync(nodes, dir);
            throw new InvalidOperationException($"the {launch.Nodes}-node cluster did not come up: {e.Message}\n{outputs}", e);
        }
        catch
        {
            await DisposeAsync(nodes, dir);
            throw;
        }
    }

    /// <summary>
    /// Starts node <paramref name="index"/> again after it was killed or stopped, with the same arguments (cluster port,
    /// listeners, spool), and returns once it logged its ready line: it has rejoined the cluster.
    /// </summary>
    public async Task<ClusterNode> RestartAsync(int index, TimeSpan? timeout = null)
    {
        var node = await _nodes[index].RestartAsync();
        _nodes[index] = node;
        await node.WaitForOutputAsync(ClusterNode.ReadyLine, timeout);
        return node;
    }

    /// <summary>
    /// One more node, beyond the launch's: the same configuration, seeds and <see cref="ClusterLaunch.ProxyArgs"/>, a
    /// cluster port and listeners of its own, then <paramref name="nodeArgs"/> (in place of the launch's NodeArgs).
    /// Started, not waited for: it may never be let in. It is not a seed, and it goes with the cluster.
    /// </summary>
    public ClusterNode StartExtraNode(params string[] nodeArgs)
    {
        var node = StartNode(_nodes.Count + _extraNodes.Count, LoopbackPorts.Take(1)[0], Seeds, ConfigPath, _dir, _launch, nodeArgs);
        _extraNodes.Add(node);
        return node;
    }

    /// <summary>Runs an operator command against this cluster (the launch's AdminArgs and its seeds appended), as its own process.</summary>
    public Task<CliRun> AdminAsync(params string[] args) => AdminCli.RunAsync([.. args, .. _launch.AdminArgs, "--cluster_seed", Seeds]);

    /// <summary>Polls <c>cluster status</c> until it shows <paramref name="count"/> Up members; returns its rows.</summary>
    public async Task<IReadOnlyList<StatusRow>> WaitForUpMembersAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await AdminAsync("cluster", "status");
            var rows = StatusRow.Parse(status.Output);
            if (status.ExitCode == 0 && rows.Count(r => r.Status == "Up") == count)
            {
                return rows;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"cluster status did not show {count} Up members within {timeout}; last (exit {status.ExitCode}):\n{status.Output}");
            }
            await Task.Delay(200);
        }
    }

    public ValueTask DisposeAsync() => DisposeAsync([.. Nodes, .. _extraNodes], _dir);

    private static async ValueTask DisposeAsync(IReadOnlyList<ClusterNode> nodes, string dir)
    {
        await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
        Directory.Delete(dir, recursive: true);
    }

    private async Task WaitUntilUpAsync(TimeSpan timeout)
    {
        var started = DateTime.UtcNow;
        await Task.WhenAll(Nodes.Select(n => n.WaitForOutputAsync(ClusterNode.ReadyLine, timeout)));
        await WaitForUpMembersAsync(Nodes.Count, timeout - (DateTime.UtcNow - started));
    }

    /// <summary>Each node's audit spool in the cluster's directory: it outlives a node's restart, not the cluster.</summary>
    private static ClusterNode StartNode(int index, int clusterPort, string seeds, string config, string dir, ClusterLaunch launch, IReadOnlyList<string> nodeArgs)
    {
        var ports = LoopbackPorts.Take(launch.Protocols.Count);
        return new ClusterNode(index, clusterPort, launch.Protocols.Zip(ports).ToDictionary(),
        [
            "--config", config,
            "--cluster_host", "127.0.0.1", "--cluster_port", $"{clusterPort}", "--cluster_seed", seeds,
            "-P", string.Join(',', launch.Protocols.Select(p => p.LogName())), "-l", string.Join(',', ports), "-b", "127.0.0.1",
            "-F", "-", "--audit_spool", Path.Combine(dir, $"spool-{index}"),
            .. launch.ProxyArgs,
            .. nodeArgs,
        ]);
    }

    /// <summary>cluster-node.conf as shipped, then what every test node needs, then the launch's own HOCON (later keys win).</summary>
    private static string NodeConfig(string dir, string hocon) => $"""
        {File.ReadAllText(Path.Combine(ProxyProcess.RepositoryRoot, "hocon", "cluster-node.conf"))}

        # Test nodes: never read /etc/perdition; a greeting no Dovecot uses; a short drain on SIGTERM.
        mailproxy.perdition-config-dir = "{dir}"
        mailproxy.hostname = "proxy.test"
        mailproxy.timeouts.shutdown-grace = 2s
        # All nodes start at once, at whatever pace a busy machine allows: a seed that is not up yet is retried after
        # 1 s rather than 5 s (join, and remoting's gate after a refused connection), and the first seed waits 2 s,
        # not 5 s, for the others before it forms the cluster on its own (the rest then join it).
        akka.cluster.seed-node-retry-interval = 1s
        akka.cluster.seed-node-timeout = 2s
        akka.remote.retry-gate-closed-for = 1s

        {hocon}
        """;
}
