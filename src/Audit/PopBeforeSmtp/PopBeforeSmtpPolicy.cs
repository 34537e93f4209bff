using System.Net;
using System.Net.Sockets;

namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>
/// The POP-before-SMTP decision: OK only for an SMTPD access request whose client address the table calls
/// <see cref="RecentLogin.Recent"/>; DUNNO for anything else, so a doubt never opens the relay.
/// </summary>
public static class PopBeforeSmtpPolicy
{
    /// <summary>The request type the Postfix SMTP server sends.</summary>
    public const string SmtpdAccessPolicy = "smtpd_access_policy";

    /// <summary>Decides <paramref name="request"/>; exceptions of <see cref="IRecentLogins.Lookup"/> reach the caller.</summary>
    public static PolicyAction Decide(PolicyRequest request, IRecentLogins recentLogins, DateTimeOffset now)
    {
        if (request.Request != SmtpdAccessPolicy || !TryParseClient(request.ClientAddress, out var client))
            return PolicyAction.Dunno;
        return recentLogins.Lookup(client, now) == RecentLogin.Recent ? PolicyAction.Ok : PolicyAction.Dunno;
    }

    /// <summary>
    /// Reads <c>client_address</c> as Postfix writes it: a dotted quad or a plain IPv6 address (no zone), an
    /// IPv4-mapped one becoming IPv4 because the table keys POP and IMAP clients that way.
    /// </summary>
    public static bool TryParseClient(string? text, out IPAddress client)
    {
        client = IPAddress.None;
        if (text is null || !IPAddress.TryParse(text, out var parsed))
            return false;
        // IPAddress.TryParse also takes "127.1", "0x7f.0.0.1", "[::1]" and "fe80::1%eth0"; Postfix writes none of these.
        var wellFormed = parsed.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsDottedQuad(text),
            AddressFamily.InterNetworkV6 => text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.'),
            _ => false,
        };
        if (!wellFormed)
            return false;
        client = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return true;
    }

    private static bool IsDottedQuad(string text) =>
        text.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
}
