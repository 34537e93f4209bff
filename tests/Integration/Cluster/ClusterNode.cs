using System.Net;
using ActorMailProxy.Protocols;
using ActorMailProxy.Integration.Executable;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Cluster;

/// <summary>One node of a <see cref="ProxyCluster"/>: its own OS process, cluster port and listeners.</summary>
public sealed class ClusterNode : IAsyncDisposable
{
    public const string ReadyLine = "ActorMailProxy ready";

    private readonly IReadOnlyDictionary<MailProtocol, int> _ports;

    internal ClusterNode(int index, int clusterPort, IReadOnlyDictionary<MailProtocol, int> ports, IReadOnlyList<string> arguments)
    {
        Index = index;
        ClusterPort = clusterPort;
        _ports = ports;
        Arguments = arguments;
        Process = ProxyProcess.StartExecutable([.. arguments]);
    }

    public int Index { get; }

    public int ClusterPort { get; }

    /// <summary>host:port, as <c>cluster status</c> and <c>--cluster_seed</c> name the node.</summary>
    public string Address => $"{Host}:{ClusterPort}";

    public string Host => "127.0.0.1";

    public ProxyProcess Process { get; }

    /// <summary>The command line the node was started with; a restart gives it the same one.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Where the node keeps its audit spool (a directory of the cluster's, the same across restarts).</summary>
    public string Spool => Arguments[Arguments.ToList().LastIndexOf("--audit_spool") + 1];

    /// <summary>Everything the node wrote so far (it logs to stdout with -F -).</summary>
    public string Output => Process.Output;

    public IPEndPoint Listener(MailProtocol protocol) => new(IPAddress.Loopback, Port(protocol));

    public int Port(MailProtocol protocol) => _ports.TryGetValue(protocol, out var port)
        ? port
        : throw new ArgumentException($"node {Index} has no {protocol} listener", nameof(protocol));

    public int Pop3Port => Port(MailProtocol.Pop3);

    public int ImapPort => Port(MailProtocol.Imap4);

    public int SievePort => Port(MailProtocol.ManageSieve);

    /// <summary>kill -9.</summary>
    public void Kill() => Process.Kill();

    /// <summary>SIGTERM: drain, leave the cluster, exit 0.</summary>
    public void Terminate() => Process.Terminate();

    /// <summary>SIGSTOP: the process stands still (a partition, or a long pause, as the others see it) until <see cref="Continue"/>.</summary>
    public void Stop() => Libc.Kill(Process.Id, Libc.SigStop);

    /// <summary>SIGCONT after <see cref="Stop"/>.</summary>
    public void Continue() => Libc.Kill(Process.Id, Libc.SigCont);

    public Task WaitForOutputAsync(string text, TimeSpan? timeout = null) => Process.WaitForOutputAsync(text, timeout);

    public Task<int?> WaitForExitAsync(TimeSpan timeout) => Process.WaitForExitAsync(timeout);

    /// <summary>The same node started again, with the same arguments, once this process has gone.</summary>
    internal async Task<ClusterNode> RestartAsync()
    {
        if (await WaitForExitAsync(TimeSpan.FromSeconds(10)) is null)
        {
            throw new InvalidOperationException($"{this} still runs; kill or terminate it before starting it again");
        }
        await DisposeAsync();
        return new ClusterNode(Index, ClusterPort, _ports, Arguments);
    }

    public override string ToString() => $"node {Index} ({Address})";

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
