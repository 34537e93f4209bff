using System.Net;
using ActorMailProxy.Routing.Servers;

namespace ActorMailProxy.Routing.Usernames;

/// <summary>
/// perdition's user name options as one value: how a login name becomes a map key and the name sent to the real
/// server. Pure: the domain derived from the local address is looked up by the caller and passed in.
/// </summary>
public sealed record UsernameRules
{
    /// <summary><c>--strip_domain</c>: drop <c>&lt;delimiter&gt;domain</c>, from the last delimiter on.</summary>
    public UsernameStates StripDomain { get; init; }

    /// <summary><c>--lower_case</c>.</summary>
    public UsernameStates LowerCase { get; init; }

    /// <summary><c>--add_domain</c>: append a domain when the name has no delimiter.</summary>
    public UsernameStates AddDomain { get; init; }

    /// <summary>Leading labels removed from the local address's host name to make the domain (<c>--add_domain ...,N</c>).</summary>
    public int AddDomainStripDepth
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(AddDomainStripDepth), value, "must not be negative");
    } = UsernameStateList.DefaultStripDepth;

    /// <summary><c>--explicit_domain</c>: the domain <c>--add_domain</c> appends instead of the derived one.</summary>
    public string? ExplicitDomain { get; init; }

    /// <summary><c>--domain_delimiter</c>; may be several characters.</summary>
    public string DomainDelimiter
    {
        get;
        init => field = string.IsNullOrEmpty(value) ? throw new ArgumentException("must not be empty", nameof(DomainDelimiter)) : value;
    } = "@";

    /// <summary><c>--query_key</c>: the keys asked of the map, in order.</summary>
    public IReadOnlyList<QueryKey> QueryKeys { get; init; } = [QueryKey.Default];

    /// <summary><c>--username_from_database</c>: log in with the user of a <c>user@host</c> map value.</summary>
    public bool UsernameFromDatabase { get; init; }

    /// <summary><c>--client_server_specification</c>: a client may log in as <c>user@host[:port]</c>.</summary>
    public bool ClientServerSpecification { get; init; }

    /// <summary>The servers a client may specify; empty allows none.</summary>
    public IReadOnlyList<AllowedServer> ClientServerAllowList { get; init; } = [];

    /// <summary>
    /// The name for <paramref name="state"/>, mangled in perdition's order: strip the domain, add a domain, lower
    /// case. <paramref name="derivedDomain"/> is the domain from the local address, used without ExplicitDomain.
    /// </summary>
    public string ForState(string user, UsernameStates state, string? derivedDomain)
    {
        var name = user;
        if ((StripDomain & state) != 0 && name.LastIndexOf(DomainDelimiter, StringComparison.Ordinal) is var at and >= 0)
        {
            name = name[..at];
        }

        if ((AddDomain & state) != 0 && (ExplicitDomain ?? derivedDomain) is { Length: > 0 } domain
            && !name.Contains(DomainDelimiter, StringComparison.Ordinal))
        {
            name = name + DomainDelimiter + domain;
        }

        return (LowerCase & state) != 0 ? name.ToLowerInvariant() : name;
    }

    /// <summary>Whether <see cref="ForState"/> for any of <paramref name="states"/> may need the local address's domain.</summary>
    public bool DerivesDomainFromAddress(UsernameStates states) => (AddDomain & states) != 0 && ExplicitDomain is null;

    /// <summary>
    /// The domain of a host name: <paramref name="stripDepth"/> leading labels removed (<c>www.au.vergenet.net</c>,
    /// depth 1 → <c>au.vergenet.net</c>); null when nothing would be left, as perdition then adds no domain.
    /// </summary>
    public static string? DomainFromHostName(string? hostName, int stripDepth)
    {
        var domain = hostName?.TrimEnd('.');
        for (var i = 0; i < stripDepth && !string.IsNullOrEmpty(domain); i++)
        {
            var dot = domain.IndexOf('.');
            domain = dot < 0 ? null : domain[(dot + 1)..];
        }

        return string.IsNullOrEmpty(domain) ? null : domain;
    }

    /// <summary>The map keys for a lookup name, in query-key order, skipping formats that need an absent domain.</summary>
    public IEnumerable<string> LookupKeys(string lookupName, IPEndPoint client, IPEndPoint local) =>
        QueryKeys.Select(k => k.Expand(lookupName, DomainDelimiter, client, local)).OfType<string>();

    /// <summary>
    /// Splits <c>user&lt;delimiter&gt;host[:port]</c> at the last delimiter when client server specification is on
    /// and the server, on the port it would really be reached at, is on the allow-list.
    /// </summary>
    public bool TryClientSpecifiedServer(string user, int defaultPort, int? outgoingPort, out string userPart, out HostPort? server)
    {
        userPart = user;
        server = null;
        var at = user.LastIndexOf(DomainDelimiter, StringComparison.Ordinal);
        if (!ClientServerSpecification || at <= 0 || !HostPort.TryParse(user[(at + DomainDelimiter.Length)..], out var named))
        {
            return false;
        }

        var port = named!.Port ?? outgoingPort ?? defaultPort;
        if (!ClientServerAllowList.Any(a => a.Allows(named.Host, port, defaultPort, outgoingPort)))
        {
            return false;
        }

        userPart = user[..at];
        server = named with { Port = port };
        return true;
    }
}
