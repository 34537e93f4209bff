using ActorMailProxy.Bench.Measurements;

namespace ActorMailProxy.Bench;

/// <summary>How much the cluster run (<c>--cluster</c>) measures; the defaults keep it under five minutes on two cores.</summary>
public sealed record ClusterSettings
{
    public int Nodes { get; init; } = 3;

    /// <summary>Logins through the single node before anything is measured, as the main run gives every .NET target.</summary>
    public TimeSpan SingleNodeWarmUp { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The same per cluster, longer: the load is spread over three processes, and each must have compiled the remote
    /// paths (sharding, serialization) as well as the proxy's own.
    /// </summary>
    public TimeSpan ClusterWarmUp { get; init; } = TimeSpan.FromSeconds(15);

    public int WarmUpClients { get; init; } = 16;

    /// <summary>Keys the warm-up cycles through: each misses the cache once, then hits it.</summary>
    public int WarmUpKeys { get; init; } = 2_000;

    /// <summary>Sequential logins measured per configuration; a cache-miss configuration uses this many distinct keys.</summary>
    public int Logins { get; init; } = 3_000;

    /// <summary>Logins per configuration per turn; the configurations take turns.</summary>
    public int Turn { get; init; } = 250;

    /// <summary>The per-IP limit of the failover cluster: connections from 127.0.0.1 held, one per node, before the kill.</summary>
    public int FailoverLimit { get; init; } = 3;

    /// <summary>Keys probed after the kill; with 100 shards over three nodes about a third of them live on the killed node.</summary>
    public int FailoverProbeKeys { get; init; } = 30;

    /// <summary>
    /// One trial each, a fresh cluster per trial: the oldest node, whose death also moves both shard coordinators and the
    /// shares' remainder, then a young node, whose death moves neither, then the oldest again.
    /// </summary>
    public IReadOnlyList<FailoverVictim> FailoverVictims { get; init; } = [FailoverVictim.Oldest, FailoverVictim.Young, FailoverVictim.Oldest];

    /// <summary>Clients trying to connect from 127.0.0.1 after the kill, staggered over the admission timeout.</summary>
    public int AdmissionProbes { get; init; } = 4;

    /// <summary>How long after a kill the probes keep trying before the trial fails.</summary>
    public TimeSpan FailoverDeadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A smoke run of the cluster pipeline; its numbers are not worth reporting.</summary>
    public static ClusterSettings Quick { get; } = new()
    {
        SingleNodeWarmUp = TimeSpan.FromSeconds(2),
        ClusterWarmUp = TimeSpan.FromSeconds(3),
        WarmUpKeys = 500,
        Logins = 400,
        Turn = 100,
        FailoverVictims = [FailoverVictim.Oldest],
    };
}
