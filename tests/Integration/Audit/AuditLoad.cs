using ActorMailProxy.Integration.Cluster;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// Sessions a few at a time over cluster nodes, counted per node (host:port, as events name it) once each has gone as
/// planned: what the journal must hold. Every fourth session is a wrong password; the rest log in. A session that
/// does not go as planned fails the load (and so the test): the sessions must work whatever the audit log is going through.
/// </summary>
public sealed class AuditLoad
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AuditedSessions> _byNode = [];
    private int _started;

    /// <summary>What has run so far, per node.</summary>
    public IReadOnlyDictionary<string, AuditedSessions> ByNode
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, AuditedSessions>(_byNode);
            }
        }
    }

    public AuditedSessions Total => ByNode.Values.Aggregate(new AuditedSessions(0, 0), (a, b) => a + b);

    /// <summary><paramref name="sessions"/> sessions, <paramref name="concurrency"/> at a time, session n on node n mod count.</summary>
    public Task RunAsync(IReadOnlyList<ClusterNode> nodes, int sessions, int concurrency)
    {
        var left = sessions;
        return WorkAsync(nodes, concurrency, () => Interlocked.Decrement(ref left) >= 0, TimeSpan.Zero);
    }

    /// <summary>Sessions until <paramref name="stop"/>, each worker pausing <paramref name="pause"/> between two.</summary>
    public Task RunUntilAsync(IReadOnlyList<ClusterNode> nodes, int concurrency, TimeSpan pause, CancellationToken stop) =>
        WorkAsync(nodes, concurrency, () => !stop.IsCancellationRequested, pause);

    private Task WorkAsync(IReadOnlyList<ClusterNode> nodes, int concurrency, Func<bool> more, TimeSpan pause) =>
        Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (more())
            {
                var n = Interlocked.Increment(ref _started);
                var node = nodes[n % nodes.Count];
                var succeeds = n % 4 != 3;
                await AuditedSessions.SessionAsync(MailEndpoints.Of(node), n + n / 4, succeeds);
                Count(node.Address, succeeds ? new AuditedSessions(1, 0) : new AuditedSessions(0, 1));
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause);
                }
            }
        })));

    private void Count(string node, AuditedSessions one)
    {
        lock (_gate)
        {
            _byNode[node] = _byNode.GetValueOrDefault(node, new AuditedSessions(0, 0)) + one;
        }
    }
}
