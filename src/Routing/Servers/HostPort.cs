using System.Net;
using System.Net.Sockets;

namespace ActorMailProxy.Routing.Servers;

/// <summary>A server as perdition writes it: <c>host[:port]</c>; IPv6 literals in brackets (<c>[::1]:143</c>).</summary>
public sealed record HostPort(string Host, int? Port)
{
    public int PortOr(int fallback) => Port ?? fallback;

    public override string ToString() => Port is { } p
        ? (Host.Contains(':') ? $"[{Host}]:{p}" : $"{Host}:{p}")
        : Host;

    /// <summary>
    /// Parses <c>host[:port]</c>, <c>[ipv6]</c> or <c>[ipv6]:port</c>; the port is a number or a service name
    /// (<c>pop3</c>, <c>imaps</c>, ...). A bare IPv6 address without brackets is taken as a host without port.
    /// </summary>
    public static bool TryParse(string? text, out HostPort? server)
    {
        server = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text[0] == '[')
        {
            return TryParseBracketed(text, out server);
        }

        var colons = text.Count(c => c == ':');
        if (colons > 1)
        {
            return TryCreateBareIpv6(text, out server);
        }

        var colon = text.IndexOf(':');
        var host = colon < 0 ? text : text[..colon];
        if (!IsHostName(host))
        {
            return false;
        }

        if (colon < 0)
        {
            server = new HostPort(host, null);
            return true;
        }

        if (!PortNames.TryResolve(text[(colon + 1)..], out var port))
        {
            return false;
        }

        server = new HostPort(host, port);
        return true;
    }

    /// <summary>
    /// Parses perdition's <c>host[:port][,host[:port]...]</c> (<c>--outgoing_server</c>). An empty text is an empty
    /// list and a trailing comma is ignored, as in perdition; an empty entry in the middle is an error.
    /// </summary>
    public static bool TryParseList(string? text, out IReadOnlyList<HostPort> servers, out string? error)
    {
        var parsed = new List<HostPort>();
        servers = parsed;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var entries = text.Split(',');
        var count = entries[^1].Length == 0 ? entries.Length - 1 : entries.Length;
        var invalid = new List<string>();
        foreach (var entry in entries.Take(count))
        {
            if (TryParse(entry, out var server))
            {
                parsed.Add(server!);
            }
            else
            {
                invalid.Add($"\"{entry}\"");
            }
        }

        if (invalid.Count > 0)
        {
            error = $"invalid server {string.Join(", ", invalid)} in \"{text}\"; expected host[:port][,host[:port]...]";
        }

        return invalid.Count == 0;
    }

    private static bool TryParseBracketed(string text, out HostPort? server)
    {
        server = null;
        var close = text.IndexOf(']');
        if (close < 0 || !IsIpv6(text[1..close]))
        {
            return false;
        }

        var rest = text[(close + 1)..];
        if (rest.Length == 0)
        {
            server = new HostPort(text[1..close], null);
            return true;
        }

        if (rest[0] != ':' || !PortNames.TryResolve(rest[1..], out var port))
        {
            return false;
        }

        server = new HostPort(text[1..close], port);
        return true;
    }

    private static bool TryCreateBareIpv6(string text, out HostPort? server)
    {
        server = IsIpv6(text) ? new HostPort(text, null) : null;
        return server is not null;
    }

    private static bool IsIpv6(string text) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    // Host names and IPv4 literals only; anything else (@, /, spaces) cannot be a server and is a mistake.
    private static bool IsHostName(string host) =>
        host.Length > 0 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
