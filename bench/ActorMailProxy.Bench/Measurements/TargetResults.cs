using ActorMailProxy.Bench.Clients;

namespace ActorMailProxy.Bench.Measurements;

/// <summary>Everything measured of one target, or why it was not measured at all.</summary>
public sealed class TargetResults(string name, string? unavailable)
{
    public string Name { get; } = name;

    /// <summary>Why the target did not run (not installed, failed to start); null when it ran.</summary>
    public string? Unavailable { get; } = unavailable;

    /// <summary>The TLS version and cipher suite the bench's client got from this target; null on plaintext.</summary>
    public string? Negotiated { get; set; }

    public Dictionary<(MailService Service, int Clients), Outcome<LoginRate>> Logins { get; } = [];

    public Dictionary<MailService, Outcome<Transfer>> Transfers { get; } = [];

    public Outcome<NoopLatency>? Noop { get; set; }

    /// <summary>Null for a target with no process of its own (direct).</summary>
    public Outcome<IdleMemory>? Memory { get; set; }

    /// <summary>Sequential login latency, measured by the cluster run (<c>--cluster</c>).</summary>
    public Outcome<LoginLatency>? LoginLatency { get; set; }

    /// <summary>One kill -9 of a cluster node, by the cluster run; the target is that trial's cluster.</summary>
    public Outcome<Failover>? Failover { get; set; }
}
