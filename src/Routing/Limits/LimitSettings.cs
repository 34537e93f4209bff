using System.Net;

namespace ActorMailProxy.Routing.Limits;

/// <summary>The cluster-wide connection limits; 0 means no limit, and no limit costs nothing at admission.</summary>
public sealed record LimitSettings
{
    /// <summary>-L/--connection_limit: connections open at once in the whole cluster.</summary>
    public int Total { get; init; }

    public int PerIp { get; init; }

    /// <summary>Checked once the user's server is known, before the login there.</summary>
    public int PerUser { get; init; }

    /// <summary>Clients in these networks are not counted against the per-IP and per-user limits.</summary>
    public IReadOnlyList<IPNetwork> Exempt { get; init; } = [];

    /// <summary>How long a node whose share is full waits for the other members to lend it a place.</summary>
    public TimeSpan AdmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Admit (true) or refuse (false) when the share is full and some member did not answer in time.</summary>
    public bool FailOpen { get; init; }

    public bool Any => Total > 0 || PerIp > 0 || PerUser > 0;

    public bool IsExempt(IPAddress client)
    {
        var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        return Exempt.Any(n => n.Contains(address));
    }
}
