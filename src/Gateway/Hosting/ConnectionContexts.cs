using System.Net;
using System.Net.Sockets;
using ActorMailProxy.Gateway.Backend;
using ActorMailProxy.Gateway.Connections;
using ActorMailProxy.Gateway.Logging;
using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Gateway.Pump;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Routing.Limits;
using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Routing.UserMap;
using Serilog;
using ActorMailProxy.Audit.Delivery;

namespace ActorMailProxy.Gateway.Hosting;

/// <summary>What each listener's connections are started with, from the node's options and the services it has started.</summary>
public static class ConnectionContexts
{
    public static ConnectionServices Services(ProxyOptions options, TlsSetup tls, IConnectionLimits limits, IAuditTrail audit, ILogger logger)
    {
        var connector = new BackendConnector(new BackendSettings(
            options.BackendConnectTimeout, options.BackendLoginTimeout, options.TcpKeepAlive, options.Session.MaxLineLength,
            [.. options.Listeners.Select(l => l.Endpoint)], tls));
        var pump = new SessionPump(options.Splice ? SpliceEngine.Shared : null);
        return new ConnectionServices(connector, pump, tls, limits, new SessionLog(logger, options.LogPassword, options.Debug), audit, options.TcpKeepAlive);
    }

    /// <summary>One context per bound listener; each has its own resolver: its own -p port and its own round robin over -s.</summary>
    public static IEnumerable<(ListenerSpec Spec, Socket Socket, ConnectionContext Context)> ForListeners(
        ProxyOptions options, IReadOnlyList<(ListenerSpec Spec, Socket Socket)> sockets, ConnectionServices services, IUserMap userMap)
    {
        var timeouts = new ConnectionTimeouts(options.AuthenticateTimeout, options.IdleTimeout, options.ClientWriteTimeout, options.ConnectRelog);
        foreach (var (spec, socket) in sockets)
        {
            var routes = new RouteResolver(options.Routing with { OutgoingPort = spec.OutgoingPort }, userMap, ReverseDnsAsync);
            var context = new ConnectionContext
            {
                Listener = new ListenerProfile(spec.Protocol, options.Session with { Tls = spec.ClientTls }, spec.OutgoingTls, routes),
                Services = services,
                Timeouts = timeouts,
            };
            yield return (spec, socket, context);
        }
    }

    private static async Task<string?> ReverseDnsAsync(IPAddress address, CancellationToken ct)
    {
        try
        {
            return (await Dns.GetHostEntryAsync(address.ToString(), ct).ConfigureAwait(false)).HostName;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
