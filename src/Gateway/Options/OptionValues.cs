using System.Net;
using System.Globalization;
using ActorMailProxy.Audit.LogLines;
using ActorMailProxy.Audit.Projections;
using ActorMailProxy.Routing.Servers;
using ActorMailProxy.Routing.Usernames;

namespace ActorMailProxy.Gateway.Options;

/// <summary>Parsers for option values; each returns an error text or null.</summary>
internal static class OptionValues
{
    public static string? Int(string text, int min, Action<int> set)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            return $"'{text}' is not a whole number of at least {min}";
        }
        set(value);
        return null;
    }

    public static string? Int(string text, int min, int max, Action<int> set)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            return $"'{text}' is not a whole number from {min} to {max}";
        }
        set(value);
        return null;
    }

    /// <summary>Seed nodes as host:port, each with its port (a seed has no default port).</summary>
    public static string? Seeds(string text, Action<List<HostPort>> set)
    {
        var seeds = new List<HostPort>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!HostPort.TryParse(item, out var seed) || seed!.Port is null or 0)
            {
                return $"'{item}' is not host:port";
            }
            seeds.Add(seed!);
        }
        set(seeds);
        return null;
    }

    /// <summary>Networks in CIDR notation; a bare address is a network of one.</summary>
    public static string? Networks(string text, Action<List<IPNetwork>> set)
    {
        var networks = new List<IPNetwork>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (IPNetwork.TryParse(item, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(item, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                return $"'{item}' is not a network (CIDR, e.g. 10.0.0.0/8) or an address";
            }
        }
        set(networks);
        return null;
    }

    /// <summary>Seconds as perdition takes them; 0 (TimeSpan.Zero) means no timeout.</summary>
    public static string? Seconds(string text, Action<TimeSpan> set) =>
        Int(text, 0, s => set(TimeSpan.FromSeconds(s)));

    public static string? Port(string text, Action<int> set)
    {
        if (!PortNames.TryResolve(text, out var port))
        {
            return $"'{text}' is not a port number or known port name";
        }
        set(port);
        return null;
    }

    public static string? Ports(string text, Action<List<int>> set)
    {
        var ports = new List<int>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (Port(item, ports.Add) is { } error)
            {
                return error;
            }
        }
        set(ports);
        return null;
    }

    public static string? Servers(string text, Action<List<HostPort>> set)
    {
        if (text.Length == 0)
        {
            set([]);
            return null;
        }
        if (!HostPort.TryParseList(text, out var servers, out var error))
        {
            return error;
        }
        set([.. servers]);
        return null;
    }

    /// <summary>perdition's protocol names; a comma list runs several listeners in one process.</summary>
    public static string? Protocols(string text, Action<List<ListenProtocol>> set)
    {
        var protocols = new List<ListenProtocol>();
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (ListenProtocol.Parse(name) is not { } protocol)
            {
                return $"'{name}' is not a protocol; expected POP3, POP3S, IMAP4, IMAP4S or MANAGESIEVE";
            }
            protocols.Add(protocol);
        }
        set(protocols);
        return null;
    }

    public static string? PasswordLogging(string text, Action<PasswordLogging> set)
    {
        PasswordLogging? value = text.ToLowerInvariant() switch
        {
            "never" => Audit.LogLines.PasswordLogging.Never,
            "fail" => Audit.LogLines.PasswordLogging.Fail,
            "ok" => Audit.LogLines.PasswordLogging.Ok,
            "always" => Audit.LogLines.PasswordLogging.Always,
            _ => null,
        };
        if (value is null)
        {
            return $"'{text}' is not one of never, fail, ok, always";
        }
        set(value.Value);
        return null;
    }

    public static string? States(string text, Func<UsernameStates, UsernameRules> set, OptionsDraft b)
    {
        if (!UsernameStateList.TryParse(text, out var states, out var error))
        {
            return error;
        }
        b.Username = set(states);
        return null;
    }

    /// <summary>An IP address and port, as ADDRESS:PORT or [IPv6]:PORT.</summary>
    public static string? Endpoint(string text, Action<IPEndPoint> set)
    {
        if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port == 0 || !text.Contains(':'))
        {
            return "must be ADDRESS:PORT with a numeric address and a port";
        }
        set(endpoint);
        return null;
    }

    public static string? FeedFormat(string text, Action<AuditFeedFormat> set)
    {
        switch (text.ToLowerInvariant())
        {
            case "perdition":
                set(AuditFeedFormat.Perdition);
                return null;
            case "json":
                set(AuditFeedFormat.Json);
                return null;
            default:
                return "must be perdition or json";
        }
    }
}
