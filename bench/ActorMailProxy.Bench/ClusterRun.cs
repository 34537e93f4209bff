using System.Globalization;
using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Measurements;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Bench.Targets;

namespace ActorMailProxy.Bench;

/// <summary>What the cluster run measured, and how its clusters were started, for the report.</summary>
public sealed record ClusterResults(
    IReadOnlyList<TargetResults> Latency,
    IReadOnlyList<TargetResults> Failovers,
    IReadOnlyList<string> WarmUps,
    IReadOnlyList<(string Phase, double Cores)> OtherWork,
    int MapRows,
    IReadOnlyList<(string Cluster, string Options)> ClusterOptions);

/// <summary>
/// The cluster run (<c>bench/run.sh --cluster</c>): what a three-node cluster adds to one IMAP login, and how long a
/// kill -9 of a node keeps logins and admissions waiting. One Dovecot as in the main run; an SQLite user map whose
/// many keys lead to its 32 login users. Latency: direct, one node without a map, and two three-node clusters (without
/// and with the cluster-wide limits) all started at once and measured in turns, sequential logins spread round robin
/// over a cluster's nodes. Failover: a fresh cluster per trial, started after the others are stopped.
/// </summary>
public sealed class ClusterRun(ClusterSettings settings, string proxyAssembly)
{
    public const string SingleLabel = "1 node, no map";
    public const string MissLabel = "cluster: map miss";
    public const string HitLabel = "cluster: map hit";
    public const string LimitsMissLabel = "cluster + limits: map miss";
    public const string LimitsHitLabel = "cluster + limits: map hit";

    /// <summary>Limits every login pays, none of them reached: the total and per-IP admission at connect, the per-user check after the login.</summary>
    public static readonly IReadOnlyList<string> LimitOptions = ["-L", "100000", "--ip_connection_limit", "100000", "--user_connection_limit", "1000"];

    private KeyRange WarmUpKeys => new("w", settings.WarmUpKeys);
    private KeyRange MeasuredKeys => new("k", settings.Logins);
    private KeyRange ProbeKeys => new("f", settings.FailoverProbeKeys);
    private KeyRange HeldKeys => new("h", settings.FailoverLimit);

    private IReadOnlyList<string> FailoverOptions =>
        ["--ip_connection_limit", settings.FailoverLimit.ToString(CultureInfo.InvariantCulture), "--limit_exempt", $"{Failover.ExemptSource}/32", "-d"];

    public async Task<ClusterResults> RunAsync()
    {
        Console.WriteLine($"open-files limit {Posix.RaiseOpenFilesLimit()}");
        var workDir = Directory.CreateTempSubdirectory("amp-bench-cluster-").FullName;
        await using var backend = await BenchBackend.StartAsync();
        Console.WriteLine($"Dovecot up: IMAP {backend.Dovecot.ImapPort}; work directory {workDir}");
        try
        {
            var map = MapTable.Create(Path.Combine(workDir, "map.sqlite"), backend, [WarmUpKeys, MeasuredKeys, ProbeKeys, HeldKeys]);
            var warmUps = new List<string>();
            var otherWork = new List<(string, double)>();
            var latency = await MeasureLatencyAsync(backend, map, workDir, warmUps, otherWork);
            var failovers = new List<TargetResults>();
            var failoverWork = OtherWork.Start();
            foreach (var (victim, trial) in settings.FailoverVictims.Select((v, i) => (v, i + 1)))
            {
                failovers.Add(await FailoverTrialAsync(trial, victim, map, workDir));
            }
            otherWork.Add(("the failover trials", failoverWork.CoresUsed()));
            return new ClusterResults(latency, failovers, warmUps, otherWork, map.Rows,
            [
                ("cluster", ""),
                ("cluster + limits", string.Join(' ', LimitOptions)),
                ("failover", string.Join(' ', FailoverOptions)),
            ]);
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    private async Task<IReadOnlyList<TargetResults>> MeasureLatencyAsync(BenchBackend backend, MapTable map, string workDir, List<string> warmUps, List<(string, double)> otherWork)
    {
        var warmLogins = map.Logins(WarmUpKeys);
        var singleStart = StartAsync(() => ActorMailProxyTarget.StartAsync(backend, workDir, proxyAssembly, ProxyTlsMode.None));
        var plainStart = StartAsync(() => ProxyCluster.StartAsync("cluster", settings.Nodes, workDir, proxyAssembly, map, [], warmLogins[0]));
        var limitsStart = StartAsync(() => ProxyCluster.StartAsync("limits", settings.Nodes, workDir, proxyAssembly, map, LimitOptions, warmLogins[0]));
        var (single, singleFailure) = await singleStart;
        var (plain, plainFailure) = await plainStart;
        var (limits, limitsFailure) = await limitsStart;
        try
        {
            var measured = map.Logins(MeasuredKeys);
            var rows = new List<(TargetResults Results, LoginLatency.Plan? Plan)>
            {
                (new TargetResults(DirectTarget.Label, null), new([backend.Endpoint(MailService.Imap, Transport.Plaintext)], backend.LoginUsers, null)),
                (new TargetResults(SingleLabel, singleFailure),
                    single is null ? null : new([single.Endpoint(MailService.Imap)], backend.LoginUsers, new ProcessTree(single.ProcessIds))),
                (new TargetResults(MissLabel, plainFailure), plain is null ? null : new(plain.Endpoints, measured, plain.Processes)),
                (new TargetResults(HitLabel, plainFailure), plain is null ? null : new(plain.Endpoints, measured, plain.Processes)),
                (new TargetResults(LimitsMissLabel, limitsFailure), limits is null ? null : new(limits.Endpoints, measured, limits.Processes)),
                (new TargetResults(LimitsHitLabel, limitsFailure), limits is null ? null : new(limits.Endpoints, measured, limits.Processes)),
            };
            foreach (var (name, failure) in new[] { (SingleLabel, singleFailure), ("cluster", plainFailure), ("cluster + limits", limitsFailure) })
            {
                Console.WriteLine($"{name}: {failure ?? "ready"}");
            }
            if (single is not null)
            {
                warmUps.Add(await WarmUpAsync(SingleLabel, backend.LoginUsers.Select(u => LoginCycle.For(MailService.Imap, single.Endpoint(MailService.Imap), u)).ToList(), settings.SingleNodeWarmUp));
            }
            foreach (var cluster in new[] { plain, limits }.OfType<ProxyCluster>())
            {
                warmUps.Add(await WarmUpAsync(cluster.Name, warmLogins.Select((u, i) => LoginCycle.For(MailService.Imap, cluster.Endpoints[i % cluster.Endpoints.Count], u)).ToList(), settings.ClusterWarmUp));
            }
            var measuring = rows.Where(r => r.Plan is not null).ToList();
            var latencyWork = OtherWork.Start();
            var outcomes = await LoginLatency.MeasureAsync([.. measuring.Select(r => r.Plan!)], settings.Logins, settings.Turn);
            otherWork.Add(("the latency measurement", latencyWork.CoresUsed()));
            foreach (var ((results, _), outcome) in measuring.Zip(outcomes))
            {
                results.LoginLatency = outcome;
                Console.WriteLine($"login latency, {results.Name}: {(object?)outcome.Value ?? outcome.Failure}");
            }
            return [.. rows.Select(r => r.Results)];
        }
        finally
        {
            foreach (var target in new IAsyncDisposable?[] { single, plain, limits }.OfType<IAsyncDisposable>())
            {
                await target.DisposeAsync();
            }
        }
    }

    private async Task<string> WarmUpAsync(string name, IReadOnlyList<Func<CancellationToken, Task>> visits, TimeSpan length)
    {
        var warm = await Outcome<LoginRate>.RunAsync(() => LoginRate.MeasureAsync(visits, settings.WarmUpClients, TimeSpan.Zero, length, null));
        var text = $"{name}: {length.TotalSeconds:0} s, {(warm.Value is { } w ? $"{w.PerSecond:0} logins/s with {w.Clients} clients, {w.Errors} errors{(w.FirstError is { } e ? $" (first: {e})" : "")}" : warm.Failure)}";
        Console.WriteLine($"warm-up, {text}");
        return text;
    }

    private async Task<TargetResults> FailoverTrialAsync(int trial, FailoverVictim victim, MapTable map, string workDir)
    {
        var name = $"trial {trial}: kill {(victim == FailoverVictim.Oldest ? "the oldest node" : "a young node")}";
        var (cluster, failure) = await StartAsync(() =>
            ProxyCluster.StartAsync($"failover{trial}", settings.Nodes, workDir, proxyAssembly, map, FailoverOptions, map.Logins(WarmUpKeys)[0]));
        var results = new TargetResults(name, failure);
        if (cluster is null)
        {
            Console.WriteLine($"failover, {name}: {failure}");
            return results;
        }
        await using (cluster)
        {
            results.Failover = await Outcome<Failover>.RunAsync(() =>
                Failover.MeasureAsync(cluster, victim, settings.FailoverLimit, map.Logins(ProbeKeys), map.Logins(HeldKeys), settings.AdmissionProbes, settings.FailoverDeadline));
        }
        Console.WriteLine($"failover, {name}: {(object?)results.Failover.Value ?? results.Failover.Failure}");
        return results;
    }

    private static async Task<(T? Value, string? Failure)> StartAsync<T>(Func<Task<T>> start) where T : class
    {
        try
        {
            return (await start(), null);
        }
        catch (TargetUnavailableException e)
        {
            return (null, e.Message);
        }
    }
}
