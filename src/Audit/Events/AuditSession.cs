using System.Net;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Audit.Events;

/// <summary>
/// What the log knows about a connection when an event happens: <paramref name="Client"/> and <paramref name="Server"/>
/// are the two ends of the client's TCP connection (ip:port, the proxy's end as the listener), <paramref name="User"/>
/// the name the client gave, <paramref name="MappedUser"/> the one the backend was given, <paramref name="Backend"/>
/// the real server (host:port); each null until known.
/// </summary>
public sealed record AuditSession(
    string Client,
    string Server,
    string Protocol,
    TransportSecurity ClientTls = TransportSecurity.Plaintext,
    TransportSecurity ServerTls = TransportSecurity.Plaintext,
    string? User = null,
    string? MappedUser = null,
    string? Backend = null)
{
    /// <summary>The address of <see cref="Client"/>, without its port (IPv4-mapped as IPv4); null when it is not ip:port.</summary>
    public IPAddress? ClientAddress() =>
        IPEndPoint.TryParse(Client, out var parsed) ? (parsed.Address.IsIPv4MappedToIPv6 ? parsed.Address.MapToIPv4() : parsed.Address) : null;

    /// <summary>A connection just accepted: its two ends (an IPv4-mapped address written as IPv4, as perdition does).</summary>
    public static AuditSession Accepted(IPEndPoint client, IPEndPoint server, string protocol) =>
        new(Endpoint(client), Endpoint(server), protocol);

    /// <summary>An endpoint as the events and the log lines write it: an IPv4-mapped address as IPv4, IPv6 in brackets.</summary>
    public static string Endpoint(IPEndPoint e) =>
        (e.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(e.Address.MapToIPv4(), e.Port) : e).ToString();
}
