using System.Net;
using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Query;

/// <summary>
/// Which stored events an operator asked for; every condition given must hold. <paramref name="User"/> matches the
/// name the client gave or the one the backend was given, in any case; <paramref name="Client"/> the client's address
/// (a single address is a network of one); <paramref name="Since"/> events at or after that time.
/// </summary>
public sealed record AuditFilter(string? User = null, IPNetwork? Client = null, DateTimeOffset? Since = null)
{
    public bool IsEmpty => User is null && Client is null && Since is null;

    public bool Matches(AuditEvent e) => MatchesUser(e.Session) && MatchesClient(e.Session) && (Since is not { } since || e.Time >= since);

    /// <summary>An address as the network of just that address; an IPv4-mapped one as IPv4, as the events store it.</summary>
    public static IPNetwork Only(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return new IPNetwork(plain, plain.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
    }

    private bool MatchesUser(AuditSession s) =>
        User is null || string.Equals(s.User, User, StringComparison.OrdinalIgnoreCase) || string.Equals(s.MappedUser, User, StringComparison.OrdinalIgnoreCase);

    private bool MatchesClient(AuditSession s) => Client is not { } network || (s.ClientAddress() is { } address && network.Contains(address));
}
