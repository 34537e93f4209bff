namespace ActorMailProxy.Protocols.Imap;

/// <summary>
/// Where an IMAP client is in the not-authenticated state; <paramref name="PendingTag"/> is the tag a login reply will
/// carry, <paramref name="Secure"/> whether TLS is up.
/// </summary>
public sealed record ImapLoginState(int BadCommands, int LoginFailures, string? PendingTag, bool AwaitingSaslResponse, bool Secure)
{
    public static readonly ImapLoginState Initial = new(0, 0, null, false, false);

    public static ImapLoginState For(SessionOptions o) => Initial with { Secure = o.Tls == ClientTls.Implicit };
}
