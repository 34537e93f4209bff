using System.Net;
using Akka.Configuration;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing;

namespace ActorMailProxy.Gateway.Options;

/// <summary>Turns a builder into <see cref="ProxyOptions"/>, checking what only makes sense as a whole (listeners, ports).</summary>
internal static class OptionsBuild
{
    public static LoadResult Build(OptionsBuilder b, Config hocon)
    {
        var errors = new List<string>();
        var listeners = Listeners(b, hocon, errors);
        var pump = hocon.GetString("mailproxy.pump", "auto");
        if (pump is not ("auto" or "copy"))
        {
            errors.Add($"mailproxy.pump: '{pump}' is not auto or copy");
        }
        if (errors.Count > 0)
        {
            return new LoadResult.Invalid(errors);
        }
        var defaults = new SessionOptions();
        var hostname = hocon.GetString("mailproxy.hostname", "");
        var session = new SessionOptions
        {
            Hostname = hostname.Length > 0 ? hostname : Dns.GetHostName(),
            OkLine = b.OkLine,
            LoginDisabled = b.LoginDisabled,
            PopCapability = b.PopCapability ?? defaults.PopCapability,
            ImapCapability = b.ImapCapability ?? defaults.ImapCapability,
            ManageSieveCapability = b.ManageSieveCapability ?? defaults.ManageSieveCapability,
            MaxLineLength = hocon.GetInt("mailproxy.limits.max-line", defaults.MaxLineLength),
            MaxLiteralSize = hocon.GetInt("mailproxy.limits.max-literal", defaults.MaxLiteralSize),
            MaxBadCommands = hocon.GetInt("mailproxy.limits.max-bad-commands", defaults.MaxBadCommands),
            MaxLoginFailures = hocon.GetInt("mailproxy.limits.max-login-failures", defaults.MaxLoginFailures),
        };
        var noMap = b.MapLibrary.Length == 0 || b.MapLibrary.Equals("none", StringComparison.OrdinalIgnoreCase);
        return new LoadResult.Ready(new ProxyOptions
        {
            Listeners = listeners,
            Session = session,
            Routing = new RoutingOptions
            {
                Rules = b.Username,
                OutgoingServers = b.OutgoingServers,
                HasMap = !noMap,
            },
            Map = new MapSpec(b.MapLibrary, b.MapOption, b.MapOptionGiven),
            UserMap = HoconSeed.UserMap(hocon),
            ConnectionLimit = b.ConnectionLimit,
            AuthenticateTimeout = b.AuthenticateTimeout,
            IdleTimeout = b.Timeout,
            BackendConnectTimeout = hocon.GetTimeSpan("mailproxy.timeouts.backend-connect", TimeSpan.FromSeconds(10)),
            BackendLoginTimeout = hocon.GetTimeSpan("mailproxy.timeouts.backend-login", TimeSpan.FromSeconds(30)),
            ClientWriteTimeout = hocon.GetTimeSpan("mailproxy.timeouts.client-write", TimeSpan.FromSeconds(30)),
            ShutdownGrace = hocon.GetTimeSpan("mailproxy.timeouts.shutdown-grace", TimeSpan.FromSeconds(10)),
            TcpKeepAlive = b.TcpKeepAlive,
            Splice = pump == "auto",
            LogPassword = b.LogPassword,
            LogFacility = b.LogFacility,
            Quiet = b.Quiet,
            Debug = b.Debug,
            PidFile = b.PidFile,
            Akka = DrainPhaseTimeout(hocon),
        }, b.Notes);
    }

    /// <summary>
    /// -P/-l/-b/-p as perdition reads them (POP3 when only -l is given), else HOCON's listener list with -b and -p applied.
    /// With several protocols, -l and -p give one port each (or -p one for all) and -b may not carry ports.
    /// </summary>
    private static IReadOnlyList<ListenerSpec> Listeners(OptionsBuilder b, Config hocon, List<string> errors)
    {
        var wanted = new List<Wanted>();
        if (b.ProtocolsGiven || b.ListenPorts.Count > 0)
        {
            var protocols = b.Protocols.Count > 0 ? b.Protocols : [MailProtocol.Pop3];
            if (b.ListenPorts.Count > 0 && b.ListenPorts.Count != protocols.Count)
            {
                errors.Add($"option -l/--listen_port: give one port per protocol ({protocols.Count} protocols, {b.ListenPorts.Count} ports)");
                return [];
            }
            wanted.AddRange(protocols.Select((p, i) => new Wanted(p, b.ListenPorts.Count > 0 ? b.ListenPorts[i] : p.DefaultPort(), null, null)));
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
            int? outgoing = b.OutgoingPorts.Count switch
            {
                0 => hoconOutgoing,
                1 => b.OutgoingPorts[0],
                _ => b.OutgoingPorts[i],
            };
            var addresses = bind ?? (b.BindAddresses.Count > 0 ? b.BindAddresses : [new HostPort("", null)]);
            foreach (var address in addresses)
            {
                foreach (var ip in Addresses(address.Host, errors))
                {
                    result.Add(new ListenerSpec(protocol, new IPEndPoint(ip, address.Port ?? port), outgoing));
                }
            }
        }
        if (result.Count == 0 && errors.Count == 0)
        {
            errors.Add("no listener configured: give -P/-l or mailproxy.listeners");
        }
        return result;
    }

    /// <summary>The drain runs in service-requests-done, whose own timeout must outlast the grace and the final close.</summary>
    private static Config DrainPhaseTimeout(Config hocon)
    {
        var grace = hocon.GetTimeSpan("mailproxy.timeouts.shutdown-grace", TimeSpan.FromSeconds(10));
        var seconds = (int)Math.Ceiling(grace.TotalSeconds) + 10;
        return ConfigurationFactory.ParseString($"akka.coordinated-shutdown.phases.service-requests-done.timeout = {seconds}s").WithFallback(hocon);
    }

    private sealed record Wanted(MailProtocol Protocol, int Port, IReadOnlyList<HostPort>? Bind, int? OutgoingPort);

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
