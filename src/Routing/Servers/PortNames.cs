namespace ActorMailProxy.Routing.Servers;

/// <summary>
/// Port numbers and names as perdition accepts them (<c>pop3</c>, <c>imaps</c>, <c>4190</c>). The mail ports are
/// built in so a container without /etc/services still works; other names fall back to /etc/services.
/// </summary>
public static class PortNames
{
    private const string ServicesFile = "/etc/services";

    private static readonly Dictionary<string, int> BuiltIn = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pop3"] = 110,
        ["pop-3"] = 110,
        ["pop3s"] = 995,
        ["imap"] = 143,
        ["imap2"] = 143,
        ["imap3"] = 220,
        ["imaps"] = 993,
        ["sieve"] = 4190,
    };

    private static readonly Lazy<IReadOnlyDictionary<string, int>> SystemServices = new(ReadSystemServices);

    public static bool TryResolve(string text, out int port)
    {
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            return int.TryParse(text, out port) && port is >= 1 and <= 65535;
        }

        return BuiltIn.TryGetValue(text, out port) || SystemServices.Value.TryGetValue(text, out port);
    }

    /// <summary>TCP entries of an /etc/services text: <c>name port/tcp [aliases...] [# comment]</c>.</summary>
    internal static IReadOnlyDictionary<string, int> ParseServices(TextReader reader)
    {
        var services = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split('#', 2)[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !fields[1].EndsWith("/tcp", StringComparison.Ordinal)
                || !int.TryParse(fields[1].AsSpan(0, fields[1].Length - 4), out var port) || port is < 1 or > 65535)
            {
                continue;
            }

            foreach (var name in fields.Where((_, i) => i != 1))
            {
                services.TryAdd(name, port);
            }
        }

        return services;
    }

    private static IReadOnlyDictionary<string, int> ReadSystemServices()
    {
        try
        {
            using var reader = File.OpenText(ServicesFile);
            return ParseServices(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Dictionary<string, int>();
        }
    }
}
