namespace ActorMailProxy.Protocols.Imap;

/// <summary>Where an IMAP client is in the not-authenticated state; <paramref name="PendingTag"/> is the tag a login reply will carry.</summary>
public sealed record ImapLoginState(int BadCommands, int LoginFailures, string? PendingTag, bool AwaitingSaslResponse)
{
    public static readonly ImapLoginState Initial = new(0, 0, null, false);
}
