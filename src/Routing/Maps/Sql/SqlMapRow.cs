using System.Globalization;

namespace ActorMailProxy.Routing.Maps.Sql;

/// <summary>Turns the servername and port of a found row into the map value <c>[user@]host[:port]</c>.</summary>
internal static class SqlMapRow
{
    /// <summary>
    /// A null or blank servername is no route (perdition: key not found). A port column that is set wins over
    /// a port inside servername, as perdition uses the column whenever it is there; char(n) padding is trimmed.
    /// </summary>
    public static MapAnswer Answer(object? server, object? port)
    {
        var host = Text(server);
        if (host.Length == 0)
        {
            return MapAnswer.NotFound.Instance;
        }

        var portText = Text(port);
        return new MapAnswer.Found(portText.Length == 0 ? host : $"{WithoutPort(host)}:{portText}");
    }

    private static string Text(object? value) =>
        value is null or DBNull ? "" : (Convert.ToString(value, CultureInfo.InvariantCulture) ?? "").Trim();

    /// <summary><c>user@host:110</c> → <c>user@host</c>, <c>[::1]:110</c> → <c>[::1]</c>; a bare IPv6 literal gets brackets.</summary>
    private static string WithoutPort(string value)
    {
        var close = value.LastIndexOf(']');
        if (close >= 0)
        {
            return value[..(close + 1)];
        }

        var colons = value.Count(c => c == ':');
        if (colons <= 1)
        {
            return colons == 0 ? value : value[..value.IndexOf(':')];
        }

        var at = value.LastIndexOf('@');
        return $"{value[..(at + 1)]}[{value[(at + 1)..]}]";
    }
}
