using System.Net;
using System.Net.Sockets;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Serialization;

namespace ActorMailProxy.Audit.ReadModel;

/// <summary>
/// What the audit index keeps of one stored event so that a query finds it without reading the log: its place in the
/// journal (<paramref name="Ordering"/>, where the event itself stays), its time in Unix milliseconds, its kind, the user
/// names lowered (queries ignore case) and the client's address as a <see cref="ClientKey"/>.
/// </summary>
public sealed record AuditIndexRow(long Ordering, long TimeMs, string Kind, string? User, string? MappedUser, string? Client)
{
    public static AuditIndexRow From(long ordering, AuditEvent e) => new(
        ordering,
        e.Time.ToUnixTimeMilliseconds(),
        AuditJson.Kinds[e.GetType()],
        e.Session.User?.ToLowerInvariant(),
        e.Session.MappedUser?.ToLowerInvariant(),
        e.Session.ClientAddress() is { } address ? ClientKey(address) : null);

    /// <summary>
    /// An address as 32 hex digits of its IPv6 form (IPv4 mapped), so that text order is address order and a network is
    /// one range of keys, searched through an ordinary index in SQLite and PostgreSQL alike.
    /// </summary>
    public static string ClientKey(IPAddress address) =>
        Convert.ToHexStringLower((address.AddressFamily == AddressFamily.InterNetwork ? address.MapToIPv6() : address).GetAddressBytes());

    /// <summary>The first and last keys of <paramref name="network"/>'s addresses.</summary>
    public static (string First, string Last) ClientRange(IPNetwork network)
    {
        var first = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? network.BaseAddress.MapToIPv6() : network.BaseAddress;
        var prefix = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? network.PrefixLength + 96 : network.PrefixLength;
        var low = first.GetAddressBytes();
        var high = (byte[])low.Clone();
        for (var bit = prefix; bit < 128; bit++)
        {
            low[bit / 8] &= (byte)~(0x80 >> (bit % 8));
            high[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }
        return (Convert.ToHexStringLower(low), Convert.ToHexStringLower(high));
    }
}
