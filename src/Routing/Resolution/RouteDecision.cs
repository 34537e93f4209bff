using ActorMailProxy.Routing.Servers;

namespace ActorMailProxy.Routing.Resolution;

/// <summary>Where a login goes, or why it goes nowhere.</summary>
public abstract record RouteDecision
{
    private RouteDecision() { }

    /// <summary>Connect to <paramref name="Server"/> (port always set) and log in there as <paramref name="LoginUser"/>.</summary>
    public sealed record Routed(HostPort Server, string LoginUser, RouteOrigin Origin) : RouteDecision;

    /// <summary>No map entry and no outgoing server: the login fails without any backend connection.</summary>
    public sealed record NoRoute(string Reason) : RouteDecision;

    /// <summary>The map could not be asked (source down or slow): a temporary error to the client.</summary>
    public sealed record Unavailable(string Reason) : RouteDecision;
}

public enum RouteOrigin
{
    Map,
    OutgoingServer,
    ClientSpecified,
}
