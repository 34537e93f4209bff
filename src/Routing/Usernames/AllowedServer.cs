using System.Net;
using ActorMailProxy.Routing.Servers;

namespace ActorMailProxy.Routing.Usernames;

/// <summary>
/// One entry of the <c>--client_server_specification</c> allow-list: <c>host</c>, <c>host:port</c> or
/// <c>host:*</c>. Hosts are never wildcards, so a client can only ever pick a server the operator named.
/// </summary>
public sealed record AllowedServer(string Host, int? Port, bool AnyPort)
{
    public static bool TryParse(string text, out AllowedServer? allowed)
    {
        allowed = null;
        if (text.EndsWith(":*", StringComparison.Ordinal))
        {
            if (HostPort.TryParse(text[..^2], out var host) && host!.Port is null)
            {
                allowed = new AllowedServer(host.Host, null, AnyPort: true);
            }
        }
        else if (HostPort.TryParse(text, out var server))
        {
            allowed = new AllowedServer(server!.Host, server.Port, AnyPort: false);
        }

        return allowed is not null;
    }

    /// <summary>
    /// Whether a client may reach <paramref name="host"/> on <paramref name="port"/> (the port it will really be
    /// connected to). An entry without a port allows only the protocol's default port and the outgoing port.
    /// </summary>
    public bool Allows(string host, int port, int defaultPort, int? outgoingPort) =>
        SameHost(host) && (AnyPort || (Port is { } p ? port == p : port == defaultPort || port == outgoingPort));

    public override string ToString() => AnyPort
        ? (Host.Contains(':') ? $"[{Host}]:*" : $"{Host}:*")
        : new HostPort(Host, Port).ToString();

    private bool SameHost(string host) =>
        IPAddress.TryParse(Host, out var mine) && IPAddress.TryParse(host, out var theirs)
            ? mine.Equals(theirs)
            : string.Equals(Host, host, StringComparison.OrdinalIgnoreCase);
}
