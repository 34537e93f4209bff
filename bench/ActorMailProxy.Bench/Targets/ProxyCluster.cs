using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Executable;

namespace ActorMailProxy.Bench.Targets;

/// <summary>
/// ActorMailProxy as a cluster: the Release build as one process per node on 127.0.0.1, each started as
/// <c>hocon/cluster-node.conf</c> says, with that file unchanged (<c>--config</c>), its own <c>--cluster_port</c> and every
/// node in <c>--cluster_seed</c>; one listener per node: for the cluster run IMAP4, the user map an SQLite table whose rows
/// name the Dovecot user to log in as (<c>-M sqlite -m FILE -U</c>); the audit storm gives its own options (POP3, no map).
/// Ready when every node greets, the cluster's leader has moved every node to Up (its log says so), and a login (through
/// the user map, if any) has gone through every node.
/// </summary>
public sealed partial class ProxyCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan MembersLimit = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LoginLimit = TimeSpan.FromSeconds(30);

    private ProxyCluster(string name, IReadOnlyList<Node> nodes, IReadOnlyList<string> options, MailService service)
    {
        Name = name;
        Nodes = nodes;
        Options = options;
        Service = service;
    }

    /// <summary>One node: its process, its listener (IMAP4 or POP3, as <see cref="Service"/>) and its log file (<c>-F</c>).</summary>
    public sealed record Node(int Number, int ClusterPort, MailEndpoint Listener, ChildProcess Process, string LogPath)
    {
        public string Address => $"{DovecotInstance.LoopbackHost}:{ClusterPort}";

        public override string ToString() => $"node {Number} ({Address})";
    }

    public string Name { get; }

    /// <summary>What every node's one listener speaks.</summary>
    public MailService Service { get; }

    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>The options every node got besides its own addresses, ports and log file, for the report.</summary>
    public IReadOnlyList<string> Options { get; }

    public IReadOnlyList<MailEndpoint> Endpoints => [.. Nodes.Select(n => n.Listener)];

    /// <summary>All nodes' processes, for their CPU time.</summary>
    public ProcessTree Processes => new([.. Nodes.Select(n => n.Process.Id)]);

    /// <summary>The repository's node configuration, as operators use it.</summary>
    public static string NodeConfig => Path.Combine(ProxyProcess.RepositoryRoot, "hocon", "cluster-node.conf");

    /// <summary>
    /// Starts <paramref name="count"/> nodes and waits until the cluster serves <paramref name="probe"/>'s login on each.
    /// <paramref name="options"/> (limits, <c>-d</c>) go to every node.
    /// </summary>
    public static Task<ProxyCluster> StartAsync(string name, int count, string workDir, string assembly, MapTable map, IReadOnlyList<string> options, MailUser probe) =>
        // Besides the map: no perdition configuration file (-f ""), and no timer that could close a connection during a
        // measurement, as the single-node target's HOCON says in its own terms.
        StartAsync(name, count, workDir, assembly, MailService.Imap,
        [
            "-P", "IMAP4", "-b", DovecotInstance.LoopbackHost, "-M", "sqlite", "-m", map.Path, "-U",
            "-f", "", "--authenticate_timeout", "3600", "-t", "0", .. options,
        ], _ => [], probe);

    /// <summary>
    /// The same with the nodes' options given whole: <paramref name="common"/> to every node (its <c>-P</c> must name
    /// <paramref name="service"/> alone), <paramref name="ofNode"/> to node 1, 2, … (its own spool, say).
    /// </summary>
    public static async Task<ProxyCluster> StartAsync(string name, int count, string workDir, string assembly, MailService service,
        IReadOnlyList<string> common, Func<int, IReadOnlyList<string>> ofNode, MailUser probe)
    {
        ActorMailProxyTarget.EnsureBuilt(assembly);
        var ports = LoopbackPorts.Take(2 * count);
        var seeds = string.Join(',', Enumerable.Range(0, count).Select(i => $"{DovecotInstance.LoopbackHost}:{ports[i]}"));
        var nodes = new List<Node>();
        var cluster = new ProxyCluster(name, nodes, [.. common], service);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var log = Path.Combine(workDir, $"{name}-node{i + 1}.log");
                var process = ChildProcess.Start("dotnet",
                [
                    assembly, "--config", NodeConfig,
                    "--cluster_host", DovecotInstance.LoopbackHost, "--cluster_port", ports[i].ToString(CultureInfo.InvariantCulture), "--cluster_seed", seeds,
                    "-l", ports[count + i].ToString(CultureInfo.InvariantCulture), "-F", log, .. common, .. ofNode(i + 1),
                ]);
                nodes.Add(new Node(i + 1, ports[i], new MailEndpoint(new IPEndPoint(IPAddress.Loopback, ports[count + i]), null), process, log));
            }
            var processes = nodes.Select(n => n.Process).ToList();
            await ReadyProbe.WaitAsync(cluster.Endpoints, processes, StartLimit);
            await cluster.WaitForMembersAsync();
            await cluster.WaitForLoginAsync(probe);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>kill -9</c> of one node.</summary>
    public void Kill(Node node) => node.Process.KillHard();

    /// <summary>The log's lines so far; the node may be writing it meanwhile.</summary>
    public static IReadOnlyList<string> LogLines(Node node) => LogLines(node.LogPath);

    /// <summary>The lines so far of a log file a node may be writing meanwhile; none when it does not exist yet.</summary>
    public static IReadOnlyList<string> LogLines(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var lines = new List<string>();
            while (reader.ReadLine() is { } line)
            {
                lines.Add(line);
            }
            return lines;
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }

    /// <summary>When a log line was written: its leading timestamp, in this machine's local time as the node wrote it.</summary>
    public static DateTime? TimeOf(string line) =>
        line.Length >= 23 && DateTime.TryParseExact(line[..23], "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time) ? time : null;

    /// <summary>
    /// The node that joined first (upNumber 1), which hosts the cluster singletons: both shard coordinators. Read from the
    /// split brain resolver's debug lines, so only known for nodes started with <c>-d</c>.
    /// </summary>
    public Node? Oldest()
    {
        foreach (var line in Nodes.SelectMany(LogLines))
        {
            if (FirstUp().Match(line) is { Success: true } match && Nodes.FirstOrDefault(n => n.ClusterPort == int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)) is { } node)
            {
                return node;
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.Process.DisposeAsync();
        }
    }

    /// <summary>A node greets once it is Up itself; the leader's log shows that every node is, in one cluster.</summary>
    private async Task WaitForMembersAsync()
    {
        var deadline = DateTime.UtcNow + MembersLimit;
        while (true)
        {
            var up = Nodes.SelectMany(LogLines).Where(l => l.Contains("Leader is moving node", StringComparison.Ordinal) && l.Contains("[Up]", StringComparison.Ordinal)).ToList();
            var missing = Nodes.Where(n => !up.Any(l => l.Contains($"@{n.Address}]", StringComparison.Ordinal))).ToList();
            if (missing.Count == 0)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TargetUnavailableException($"{Name}: no node's log shows {string.Join(", ", missing)} moved to Up within {MembersLimit.TotalSeconds:0} s");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>The shard coordinators start a moment after the nodes are Up: until then a login that needs the map waits.</summary>
    private async Task WaitForLoginAsync(MailUser probe)
    {
        var deadline = DateTime.UtcNow + LoginLimit;
        foreach (var node in Nodes)
        {
            var visit = LoginCycle.For(Service, node.Listener, probe);
            while (true)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await visit(timeout.Token);
                    break;
                }
                catch (Exception e) when (DateTime.UtcNow < deadline && e is not TargetUnavailableException)
                {
                    await Task.Delay(200);
                }
                catch (Exception e)
                {
                    throw new TargetUnavailableException($"{Name}: no login as {probe} through {node} within {LoginLimit.TotalSeconds:0} s: {e.Message}");
                }
            }
        }
    }

    [GeneratedRegex(@"SBR add Up \[Member\(address = [a-z.]+://[^@]+@127\.0\.0\.1:(\d+),.*upNumber=1,")]
    private static partial Regex FirstUp();
}
