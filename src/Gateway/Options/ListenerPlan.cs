using System.Net;
using Akka.Configuration;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Servers;

namespace ActorMailProxy.Gateway.Options;

/// <summary>Which sockets to listen on, for which protocol, with which TLS on each side, from -P/-l/-b/-p/--ssl_mode or HOCON.</summary>
internal static class ListenerPlan
{
    private sealed record Wanted(ListenProtocol Protocol, int Port, IReadOnlyList<HostPort>? Bind, int? OutgoingPort);

    /// <summary>
    /// -P/-l/-b/-p as perdition reads them (POP3 when only -l is given), else HOCON's listener list with -b and -p applied.
    /// With several protocols, -l and -p give one port each (or -p one for all) and -b may not carry ports.
    /// </summary>
    public static IReadOnlyList<ListenerSpec> Listeners(OptionsDraft b, Config hocon, List<string> errors)
    {
        var wanted = new List<Wanted>();
        if (b.ProtocolsGiven || b.ListenPorts.Count > 0)
        {
            var protocols = b.Protocols.Count > 0 ? b.Protocols : [new ListenProtocol(MailProtocol.Pop3, false)];
            if (b.ListenPorts.Count > 0 && b.ListenPorts.Count != protocols.Count)
            {
                errors.Add($"option -l/--listen_port: give one port per protocol ({protocols.Count} protocols, {b.ListenPorts.Count} ports)");
                return [];
            }
            wanted.AddRange(protocols.Select((p, i) => new Wanted(p, b.ListenPorts.Count > 0 ? b.ListenPorts[i] : p.DefaultPort, null, null)));
        }
        else
        {
            foreach (var (name, protocolName, port, bind, outgoing) in HoconSeed.Listeners(hocon))
            {
                if (OptionValues.Protocols(protocolName, p => wanted.Add(new Wanted(p[0], port, null, outgoing))) is { } error)
                {
                    errors.Add($"mailproxy.listeners.{name}.protocol: {error}");
                }
                else if (bind is not null && OptionValues.Servers(bind, s => wanted[^1] = wanted[^1] with { Bind = s }) is { } bindError)
                {
                    errors.Add($"mailproxy.listeners.{name}.bind-address: {bindError}");
                }
            }
        }
        if (b.OutgoingPorts.Count > 1 && b.OutgoingPorts.Count != wanted.Count)
        {
            errors.Add($"option -p/--outgoing_port: give one port, or one per protocol ({wanted.Count} protocols, {b.OutgoingPorts.Count} ports)");
            return [];
        }
        if (b.BindAddresses.Any(a => a.Port is not null) && wanted.Count > 1)
        {
            errors.Add("option -b/--bind_address: ports in bind addresses only work with a single protocol; use -l");
            return [];
        }
        var result = new List<ListenerSpec>();
        for (var i = 0; i < wanted.Count; i++)
        {
            var (protocol, port, bind, hoconOutgoing) = wanted[i];
            var clientTls = ClientTlsOf(protocol, b.Tls.Mode);
            var outgoingTls = OutgoingTlsOf(protocol, b.Tls);
            int? outgoingPort = b.OutgoingPorts.Count switch
            {
                0 => hoconOutgoing,
                1 => b.OutgoingPorts[0],
                _ => b.OutgoingPorts[i],
            };
            // Without -p, a backend reached by implicit TLS is on the protocol's TLS port (995, 993).
            outgoingPort ??= outgoingTls == OutgoingTls.Implicit ? protocol.Protocol.DefaultPort(implicitTls: true) : null;
            var addresses = bind ?? (b.BindAddresses.Count > 0 ? b.BindAddresses : [new HostPort("", null)]);
            foreach (var address in addresses)
            {
                foreach (var ip in Addresses(address.Host, errors))
                {
                    result.Add(new ListenerSpec(protocol.Protocol, new IPEndPoint(ip, address.Port ?? port), outgoingPort, clientTls, outgoingTls));
                }
            }
        }
        if (result.Count == 0 && errors.Count == 0)
        {
            errors.Add("no listener configured: give -P/-l or mailproxy.listeners");
        }
        return result;
    }

    /// <summary>POP3S/IMAP4S always take TLS first; the others per ssl_listen / tls_listen[_force].</summary>
    private static ClientTls ClientTlsOf(ListenProtocol protocol, SslMode mode) =>
        protocol.ImplicitTls || mode.HasFlag(SslMode.SslListen) ? ClientTls.Implicit
        : mode.HasFlag(SslMode.TlsListenForce) ? ClientTls.StartTlsRequired
        : mode.HasFlag(SslMode.TlsListen) ? ClientTls.StartTls
        : ClientTls.None;

    /// <summary>As perdition: POP3S/IMAP4S without --ssl_mode mean ssl_all, so their backends are reached by TLS too.</summary>
    private static OutgoingTls OutgoingTlsOf(ListenProtocol protocol, TlsSettings tls)
    {
        var mode = protocol.ImplicitTls && !tls.ModeGiven ? SslMode.SslListen | SslMode.SslOutgoing : tls.Mode;
        return mode.HasFlag(SslMode.SslOutgoing) ? OutgoingTls.Implicit
            : mode.HasFlag(SslMode.TlsOutgoingForce) ? OutgoingTls.StartTlsRequired
            : mode.HasFlag(SslMode.TlsOutgoing) ? OutgoingTls.StartTls
            : OutgoingTls.None;
    }

    private static IEnumerable<IPAddress> Addresses(string host, List<string> errors)
    {
        if (host.Length == 0 || host == "*")
        {
            return [IPAddress.IPv6Any];
        }
        if (IPAddress.TryParse(host, out var ip))
        {
            return [ip];
        }
        try
        {
            return Dns.GetHostAddresses(host);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            errors.Add($"option -b/--bind_address: cannot resolve '{host}': {e.Message}");
            return [];
        }
    }
}
