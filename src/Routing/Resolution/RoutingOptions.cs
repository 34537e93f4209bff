using ActorMailProxy.Routing.Servers;
using ActorMailProxy.Routing.Usernames;

namespace ActorMailProxy.Routing.Resolution;

/// <summary>Everything that decides where a login goes, from perdition's options.</summary>
public sealed record RoutingOptions
{
    public UsernameRules Rules { get; init; } = new();

    /// <summary><c>-s</c>: servers for users the map does not know, used round robin.</summary>
    public IReadOnlyList<HostPort> OutgoingServers { get; init; } = [];

    /// <summary><c>-p</c>: the real-server port when a route names none; null for the protocol's default port.</summary>
    public int? OutgoingPort
    {
        get;
        init => field = value is null or (>= 1 and <= 65535)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(OutgoingPort), value, "must be a TCP port");
    }

    /// <summary>False for <c>-M ""</c>: no lookups at all, only the outgoing servers.</summary>
    public bool HasMap { get; init; } = true;
}
