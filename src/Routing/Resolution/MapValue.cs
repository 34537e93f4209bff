using ActorMailProxy.Routing.Servers;

namespace ActorMailProxy.Routing.Resolution;

/// <summary>
/// A map's answer <c>[user&lt;delimiter&gt;]host[:port]</c>, split as perdition splits it: the port after the
/// last colon (or after <c>]</c> of an IPv6 literal), then the user before the last delimiter of the rest.
/// </summary>
internal static class MapValue
{
    public static bool TryParse(string value, string delimiter, out string? user, out HostPort? server)
    {
        user = null;
        server = null;
        var close = value.LastIndexOf(']');
        var portColon = close >= 0 && value.IndexOf('[') is var open and >= 0 && open < close
            ? (close + 1 < value.Length && value[close + 1] == ':' ? close + 1 : -1)
            : value.LastIndexOf(':');
        var head = portColon < 0 ? value : value[..portColon];
        var port = portColon < 0 ? "" : value[portColon..];

        var at = head.LastIndexOf(delimiter, StringComparison.Ordinal);
        if (at >= 0)
        {
            user = at == 0 ? null : head[..at];
            head = head[(at + delimiter.Length)..];
        }

        return HostPort.TryParse(head + port, out server);
    }
}
