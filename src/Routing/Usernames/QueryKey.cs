using System.Net;
using System.Text;

namespace ActorMailProxy.Routing.Usernames;

/// <summary>
/// One <c>--query_key</c> format: literals and the escapes <c>\U \u \D \d \i \I \p \P \\</c>, expanded into a
/// map key for one login.
/// </summary>
public sealed record QueryKey
{
    private const string Escapes = "UuDdiIpP\\";

    private QueryKey(string format) => Format = format;

    /// <summary>perdition's default: the user name as looked up, <c>\U</c>.</summary>
    public static QueryKey Default { get; } = new(@"\U");

    public string Format { get; }

    public static bool TryParse(string format, out QueryKey? key, out string? error)
    {
        key = null;
        error = null;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '\\')
            {
                continue;
            }

            if (i + 1 == format.Length || !Escapes.Contains(format[i + 1]))
            {
                var found = i + 1 == format.Length ? "a lone \\ at the end" : $"\\{format[i + 1]}";
                error = $"query key \"{format}\" has {found}; valid escapes are \\U \\u \\D \\d \\i \\I \\p \\P \\\\";
                return false;
            }

            i++;
        }

        if (format.Length == 0)
        {
            error = "empty query key format";
            return false;
        }

        key = new QueryKey(format);
        return true;
    }

    /// <summary>Parses <c>FORMAT[,FORMAT...]</c>; a comma always separates formats, so no format contains one.</summary>
    public static bool TryParseList(string text, out IReadOnlyList<QueryKey> keys, out string? error)
    {
        var parsed = new List<QueryKey>();
        var errors = new List<string>();
        foreach (var format in text.Split(','))
        {
            if (TryParse(format, out var key, out var formatError))
            {
                parsed.Add(key!);
            }
            else
            {
                errors.Add(formatError!);
            }
        }

        keys = parsed;
        error = errors.Count == 0 ? null : string.Join("; ", errors);
        return errors.Count == 0;
    }

    /// <summary>
    /// The key for <paramref name="user"/> (the user name in its lookup form), or null when the format needs the
    /// domain (<c>\d</c>) and the user name has none, so that no meaningless key such as <c>@</c> is asked.
    /// </summary>
    public string? Expand(string user, string delimiter, IPEndPoint client, IPEndPoint local)
    {
        var at = user.LastIndexOf(delimiter, StringComparison.Ordinal);
        var key = new StringBuilder();
        for (var i = 0; i < Format.Length; i++)
        {
            if (Format[i] != '\\')
            {
                key.Append(Format[i]);
                continue;
            }

            i++;
            if (Format[i] == 'd' && at < 0)
            {
                return null;
            }

            key.Append(Format[i] switch
            {
                'U' => user,
                'u' => at < 0 ? user : user[..at],
                'D' => delimiter,
                'd' => user[(at + delimiter.Length)..],
                'i' => AddressText(client.Address),
                'I' => AddressText(local.Address),
                'p' => client.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                'P' => local.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => "\\",
            });
        }

        return key.ToString();
    }

    public override string ToString() => Format;

    // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; perdition, listening on IPv4, saw a.b.c.d.
    private static string AddressText(IPAddress address) =>
        (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
