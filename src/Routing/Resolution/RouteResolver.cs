using System.Net;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.Servers;
using ActorMailProxy.Routing.UserMap;
using ActorMailProxy.Routing.Usernames;

namespace ActorMailProxy.Routing.Resolution;

/// <summary>
/// perdition's choice of real server for one login: a client-specified server on the allow-list, else the map
/// asked with each query key in turn, else the outgoing servers round robin.
/// </summary>
public sealed class RouteResolver : IRouteResolver
{
    private readonly RoutingOptions _options;
    private readonly IUserMap _map;
    private readonly Func<IPAddress, CancellationToken, Task<string?>> _reverseDns;
    private int _lastOutgoing = -1;

    /// <param name="reverseDns">The host name of an address, or null when it has none; used for <c>--add_domain</c>.</param>
    public RouteResolver(RoutingOptions options, IUserMap map, Func<IPAddress, CancellationToken, Task<string?>> reverseDns)
    {
        _options = options;
        _map = map;
        _reverseDns = reverseDns;
    }

    public async Task<RouteDecision> ResolveAsync(LoginContext context, CancellationToken cancellationToken)
    {
        var rules = _options.Rules;
        string? domain;
        try
        {
            domain = await DerivedDomainAsync(context.Local.Address, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Adding no domain could send the user to another user's server, so the login waits for DNS instead.
            return new RouteDecision.Unavailable($"reverse DNS of {context.Local.Address} for --add_domain failed: {e.Message}");
        }

        var protocolPort = context.Protocol.DefaultPort();
        if (rules.TryClientSpecifiedServer(context.User, protocolPort, _options.OutgoingPort, out var userPart, out var chosen))
        {
            return new RouteDecision.Routed(chosen!, rules.ForState(userPart, UsernameStates.RemoteLogin, domain), RouteOrigin.ClientSpecified);
        }

        var loginUser = rules.ForState(context.User, UsernameStates.RemoteLogin, domain);
        if (!_options.HasMap)
        {
            return Fallback(loginUser, protocolPort, "no map is configured", mapUnavailable: false);
        }

        var lookupName = rules.ForState(context.User, UsernameStates.ServernameLookup, domain);
        var asked = new List<string>();
        foreach (var key in rules.LookupKeys(lookupName, context.Client, context.Local))
        {
            asked.Add(key);
            switch (await AskMapAsync(key, cancellationToken).ConfigureAwait(false))
            {
                case MapAnswer.Found found:
                    return FromMap(key, found.Value, loginUser, protocolPort, domain);
                case MapAnswer.Unavailable unavailable:
                    return Fallback(loginUser, protocolPort, unavailable.Reason, mapUnavailable: true);
            }
        }

        var reason = asked.Count == 0
            ? $"no query key applies to \"{lookupName}\""
            : $"the map has no entry for {string.Join(", ", asked.Select(k => $"\"{k}\""))}";
        return Fallback(loginUser, protocolPort, reason, mapUnavailable: false);
    }

    private async Task<string?> DerivedDomainAsync(IPAddress local, CancellationToken cancellationToken)
    {
        var rules = _options.Rules;
        if (!rules.DerivesDomainFromAddress(UsernameStates.ServernameLookup | UsernameStates.RemoteLogin))
        {
            return null;
        }

        var address = local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local;
        var hostName = await _reverseDns(address, cancellationToken).ConfigureAwait(false);
        return UsernameRules.DomainFromHostName(hostName, rules.AddDomainStripDepth);
    }

    private async Task<MapAnswer> AskMapAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _map.LookupAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new MapAnswer.Unavailable($"map lookup of \"{key}\" failed: {e.Message}");
        }
    }

    private RouteDecision FromMap(string key, string value, string loginUser, int protocolPort, string? domain)
    {
        var rules = _options.Rules;
        if (!MapValue.TryParse(value, rules.DomainDelimiter, out var user, out var server))
        {
            return Fallback(loginUser, protocolPort, $"map value \"{value}\" for \"{key}\" is not [user{rules.DomainDelimiter}]host[:port]", mapUnavailable: true);
        }

        // perdition mangles the database's user for remote login as it would the client's.
        var login = rules.UsernameFromDatabase && user is not null
            ? rules.ForState(user, UsernameStates.RemoteLogin, domain)
            : loginUser;
        return new RouteDecision.Routed(WithPort(server!, protocolPort), login, RouteOrigin.Map);
    }

    private RouteDecision Fallback(string loginUser, int protocolPort, string reason, bool mapUnavailable)
    {
        var servers = _options.OutgoingServers;
        if (servers.Count > 0)
        {
            var next = (uint)Interlocked.Increment(ref _lastOutgoing) % (uint)servers.Count;
            return new RouteDecision.Routed(WithPort(servers[(int)next], protocolPort), loginUser, RouteOrigin.OutgoingServer);
        }

        return mapUnavailable
            ? new RouteDecision.Unavailable(reason)
            : new RouteDecision.NoRoute($"{reason} and no outgoing server is configured");
    }

    private HostPort WithPort(HostPort server, int protocolPort) =>
        server with { Port = server.Port ?? _options.OutgoingPort ?? protocolPort };
}
