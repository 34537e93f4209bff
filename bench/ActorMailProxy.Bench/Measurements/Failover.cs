using System.Diagnostics;
using System.Net;
using System.Text;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Targets;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Measurements;

/// <summary>Which node a failover trial kills.</summary>
public enum FailoverVictim
{
    /// <summary>The oldest node, which hosts the cluster singletons (both shard coordinators) and takes a share's remainder.</summary>
    Oldest,

    /// <summary>A young node: the last one started that is not the oldest; the coordinators and the remainder stay where they are.</summary>
    Young,
}

/// <summary>
/// What <c>kill -9</c> of one node costs a cluster running a per-IP limit: the node killed is the oldest or a young one,
/// while 127.0.0.1 holds as many connections as the limit allows, one per node, each node's share full. From the kill,
/// clients measure how long until (a) every key of a probe set logs in again through a surviving node (those whose user-map
/// shard lived on the dead node wait for it to move), and (b) a new connection from 127.0.0.1 is admitted, which needs the
/// dead node's share given to the survivors once the cluster has downed it (until then it may still hold it). The map probes come
/// from 127.0.0.2, exempt from the limit, so (a) does not wait for (b). Every connection from 127.0.0.1 the client saw
/// admitted (greeted) is counted, to check that no more than the limit were admitted at any moment.
/// </summary>
public sealed record Failover(
    string Victim,
    bool VictimIsOldest,
    int Limit,
    double MapBackSeconds,
    int KeysThatWaited,
    int Keys,
    double AdmittedAgainSeconds,
    int AdmittedProbes,
    int Probes,
    int RefusedMeanwhile,
    string RefusalReasons,
    int MostAdmittedAtOnce,
    bool RefusedBeforeKill,
    int RefusedAfterRecovery,
    int TriedAfterRecovery,
    IReadOnlyList<(string Event, double? Seconds)> Timeline)
{
    /// <summary>The limit key whose dead node's share must go to the survivors.</summary>
    public const string Key = "ip:127.0.0.1";

    /// <summary>Where the map probes come from; the cluster must exempt it (<c>--limit_exempt 127.0.0.2/32</c>).</summary>
    public static readonly IPAddress ExemptSource = IPAddress.Parse("127.0.0.2");

    /// <summary>How long a node whose share is full waits for a loan before it refuses (<c>mailproxy.limits.admission-timeout</c>, reference.conf).</summary>
    public static readonly TimeSpan AdmissionTimeout = TimeSpan.FromMilliseconds(500);

    private const int BufferSize = 4096;
    private static readonly TimeSpan AttemptLimit = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(100);

    /// <summary>Clients per probe key, and how long one of their login attempts may take before it is given up and made again.</summary>
    private const int MapProbesPerKey = 2;
    private static readonly TimeSpan MapAttemptLimit = TimeSpan.FromSeconds(1);

    /// <summary>A key whose first login after the kill took longer than this waited for its shard to move.</summary>
    private static readonly TimeSpan Waited = TimeSpan.FromSeconds(0.5);

    // Log lines of the survivors that place the failover's steps in time; the first after the kill counts.
    private static readonly (string Event, string Text)[] Milestones =
    [
        ("dead node marked unreachable", "Marking node(s) as UNREACHABLE"),
        ("split brain resolver downs it", "SBR took decision"),
        ("leader removes it", "Leader is removing"),
    ];

    /// <summary>
    /// One trial on a fresh <paramref name="cluster"/>; <paramref name="victim"/> says which node dies. <paramref name="probes"/>
    /// clients try to connect from 127.0.0.1 after the kill, each one attempt after another, started
    /// <see cref="AdmissionTimeout"/> / <paramref name="probes"/> apart so that some attempt is always young enough to be answered
    /// when the dead node's share is redistributed; several waiting at once is also what tests the limit hardest.
    /// </summary>
    public static async Task<Failover> MeasureAsync(
        ProxyCluster cluster, FailoverVictim victim, int limit, IReadOnlyList<MailUser> probeKeys, IReadOnlyList<MailUser> heldKeys, int probes, TimeSpan deadline)
    {
        using var whole = new CancellationTokenSource(deadline + TimeSpan.FromMinutes(1));
        var ct = whole.Token;
        var book = new AdmissionBook();
        var sockets = new List<LineSocket>();
        try
        {
            // Every node has asked for every probe key's shard and the key's entity holds its answer: the steady state.
            foreach (var node in cluster.Nodes)
            {
                foreach (var key in probeKeys)
                {
                    await LoginCycle.For(MailService.Imap, node.Listener with { Source = ExemptSource }, key)(ct);
                }
            }
            for (var i = 0; i < limit; i++)
            {
                var node = cluster.Nodes[i % cluster.Nodes.Count];
                var (socket, refusal) = await TryAdmitAsync(node.Listener, book, ct);
                if (socket is null)
                {
                    throw new UnexpectedReplyException($"connection {i + 1} of {limit} from 127.0.0.1 to {node} was refused: {refusal}");
                }
                sockets.Add(socket);
                await ImapDialogue.RunAsync(socket, ImapDialogue.Command.LogIn(heldKeys[i]), ct);
                book.Watch(socket);
            }
            var (extra, _) = await TryAdmitAsync(cluster.Nodes[0].Listener, book, ct);
            if (extra is not null)
            {
                sockets.Add(extra);
            }
            var oldest = cluster.Oldest() ?? throw new UnexpectedReplyException("no node's log shows which node is the oldest (are the nodes run with -d?)");
            var dead = victim == FailoverVictim.Oldest ? oldest : cluster.Nodes.Last(n => n != oldest);
            var survivors = cluster.Nodes.Where(n => n != dead).ToList();

            var killedAt = DateTime.Now;
            var kill = Stopwatch.GetTimestamp();
            cluster.Kill(dead);

            var mapProbes = probeKeys.Select((key, i) => MapBackAsync(key, survivors, i, kill, deadline, ct)).ToList();
            var (admittedAfter, refusals, admitted) = await AdmitAgainAsync(survivors, book, kill, probes, deadline, ct);
            sockets.AddRange(admitted);
            var refusedAfter = 0;
            for (var i = 0; i < 2; i++)
            {
                var (again, _) = await TryAdmitAsync(survivors[i % survivors.Count].Listener, book, ct);
                if (again is null)
                {
                    refusedAfter++;
                }
                else
                {
                    sockets.Add(again);
                }
            }
            var keys = await Task.WhenAll(mapProbes);
            // The survivors' logs are written on a background thread.
            await Task.Delay(500, ct);
            return new Failover(
                $"node {dead.Number} of {cluster.Nodes.Count}",
                oldest == dead,
                limit,
                keys.Max(),
                keys.Count(k => k > Waited.TotalSeconds),
                keys.Length,
                admittedAfter,
                admitted.Count,
                probes,
                refusals.Count,
                string.Join("; ", refusals.GroupBy(r => r).Select(g => $"{g.Count()} × “{g.Key}”")),
                book.MostAtOnce(),
                extra is null,
                refusedAfter,
                2,
                [.. Milestones.Select(m => (m.Event, FirstAfter(survivors, m.Text, killedAt)))]);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>
    /// Seconds from the kill until <paramref name="key"/> logs in through a survivor again: <see cref="MapProbesPerKey"/>
    /// clients, staggered, each trying again and again. An attempt is given up after <see cref="MapAttemptLimit"/>: one sent
    /// while a survivor still routes the key's shard to the dead node is lost and would otherwise wait out the proxy's
    /// user-map ask timeout (7 s), which measures the probe's bad luck rather than when the map works again.
    /// </summary>
    private static async Task<double> MapBackAsync(MailUser key, IReadOnlyList<ProxyCluster.Node> survivors, int offset, long kill, TimeSpan deadline, CancellationToken ct)
    {
        var login = ImapDialogue.Command.LogIn(key);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var probes = await Task.WhenAll(Enumerable.Range(0, MapProbesPerKey).Select(p => Task.Run(async () =>
        {
            try
            {
                await Task.Delay(MapAttemptLimit / MapProbesPerKey * p, done.Token);
                for (var attempt = offset + p; Stopwatch.GetElapsedTime(kill) < deadline; attempt++)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(done.Token);
                    timeout.CancelAfter(MapAttemptLimit);
                    try
                    {
                        using var socket = await LineSocket.ConnectAsync(survivors[attempt % survivors.Count].Listener with { Source = ExemptSource }, BufferSize, timeout.Token);
                        await ImapDialogue.LogInAsync(socket, login, timeout.Token);
                        var seconds = Stopwatch.GetElapsedTime(kill).TotalSeconds;
                        await done.CancelAsync();
                        return seconds;
                    }
                    catch (Exception) when (!done.IsCancellationRequested)
                    {
                        // Refused (the map did not answer), or given up: try again.
                    }
                    await Task.Delay(Retry, done.Token);
                }
                return (double?)null;
            }
            catch (Exception) when (done.IsCancellationRequested)
            {
                // The other probe of this key got in first (or the whole trial ran out of time).
                return null;
            }
        }, ct)));
        return probes.Min() ?? throw new TimeoutException($"{key} did not log in through a survivor within {deadline.TotalSeconds:0} s of the kill");
    }

    /// <summary>
    /// New connections from 127.0.0.1 through the survivors, from <paramref name="probes"/> staggered clients, until one is
    /// admitted; attempts then under way still finish, and every admitted connection is kept open.
    /// </summary>
    private static async Task<(double Seconds, List<string> Refusals, List<LineSocket> Admitted)> AdmitAgainAsync(
        IReadOnlyList<ProxyCluster.Node> survivors, AdmissionBook book, long kill, int probes, TimeSpan deadline, CancellationToken ct)
    {
        var refusals = new List<string>();
        var admitted = new List<(double Seconds, LineSocket Socket)>();
        using var done = new CancellationTokenSource();
        var stagger = AdmissionTimeout / probes;
        await Task.WhenAll(Enumerable.Range(0, probes).Select(p => Task.Run(async () =>
        {
            try
            {
                await Task.Delay(stagger * p, done.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            for (var attempt = p; !done.IsCancellationRequested && Stopwatch.GetElapsedTime(kill) < deadline; attempt++)
            {
                var (socket, refusal) = await TryAdmitAsync(survivors[attempt % survivors.Count].Listener, book, ct);
                lock (refusals)
                {
                    if (socket is not null)
                    {
                        admitted.Add((Stopwatch.GetElapsedTime(kill).TotalSeconds, socket));
                        done.Cancel();
                        return;
                    }
                    refusals.Add(refusal!);
                }
                await Task.Delay(Retry, ct);
            }
        }, ct)));
        if (admitted.Count == 0)
        {
            throw new TimeoutException($"no connection from 127.0.0.1 was admitted within {deadline.TotalSeconds:0} s of the kill: {string.Join("; ", refusals.Distinct())}");
        }
        return (admitted.Min(a => a.Seconds), refusals, [.. admitted.Select(a => a.Socket)]);
    }

    /// <summary>A connection from 127.0.0.1: greeted (admitted, and watched until it closes) or refused with the proxy's words.</summary>
    private static async Task<(LineSocket? Socket, string? Refusal)> TryAdmitAsync(MailEndpoint endpoint, AdmissionBook book, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(AttemptLimit);
        LineSocket? socket = null;
        try
        {
            socket = await LineSocket.ConnectAsync(endpoint, BufferSize, timeout.Token);
            var line = await socket.ReadLineAsync(timeout.Token);
            if (line.Span.StartsWith("* OK"u8))
            {
                book.Admitted(socket);
                return (socket, null);
            }
            var text = Encoding.ASCII.GetString(line.Span);
            socket.Dispose();
            return (null, text);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            socket?.Dispose();
            return (null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static double? FirstAfter(IEnumerable<ProxyCluster.Node> nodes, string text, DateTime killedAt) =>
        nodes.SelectMany(ProxyCluster.LogLines)
            .Where(l => l.Contains(text, StringComparison.Ordinal))
            .Select(ProxyCluster.TimeOf)
            .Where(t => t >= killedAt.AddMilliseconds(-1))
            .Min() is { } first ? (first - killedAt).TotalSeconds : null;

    /// <summary>
    /// The client's view of the limit: each connection from 127.0.0.1 from its greeting until the client sees it closed
    /// (or closes it), so the most open at any moment is what the cluster admitted at once.
    /// </summary>
    private sealed class AdmissionBook
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<LineSocket, (long Opened, long? Closed)> _spans = [];

        public void Admitted(LineSocket socket)
        {
            lock (_lock)
            {
                _spans[socket] = (Stopwatch.GetTimestamp(), null);
            }
        }

        /// <summary>Reads the logged-in connection until it ends: the kill of its node ends it.</summary>
        public void Watch(LineSocket socket) => _ = Task.Run(async () =>
        {
            try
            {
                await socket.ReadToEndAsync(CancellationToken.None);
            }
            catch (Exception)
            {
                // Reset by the dead node, or disposed by us at the end: either way it is over.
            }
            lock (_lock)
            {
                _spans[socket] = (_spans[socket].Opened, Stopwatch.GetTimestamp());
            }
        });

        public int MostAtOnce()
        {
            lock (_lock)
            {
                var events = _spans.Values
                    .SelectMany(s => new[] { (At: s.Opened, Step: 1), (At: s.Closed ?? long.MaxValue, Step: -1) })
                    .OrderBy(e => e.At).ThenBy(e => e.Step)
                    .ToList();
                int open = 0, most = 0;
                foreach (var (_, step) in events)
                {
                    open += step;
                    most = Math.Max(most, open);
                }
                return most;
            }
        }
    }
}
