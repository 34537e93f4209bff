using ActorMailProxy.Protocols.Backend;
using ActorMailProxy.Protocols.Imap;
using ActorMailProxy.Protocols.Pop3;
using ActorMailProxy.Protocols.Sieve;

namespace ActorMailProxy.Protocols.Sessions;

/// <summary>The backend login dialogue of a given protocol.</summary>
public static class BackendDialogues
{
    /// <summary>
    /// The dialogue that logs <paramref name="credentials"/> in at a backend of <paramref name="protocol"/>;
    /// <paramref name="ourGreeting"/> detects a loop back to ourselves, <paramref name="tls"/> says whether to STARTTLS first.
    /// </summary>
    public static IBackendLogin For(MailProtocol protocol, Credentials credentials, byte[] ourGreeting, BackendTls tls = BackendTls.None) => protocol switch
    {
        MailProtocol.Pop3 => new Pop3BackendLogin(credentials, ourGreeting, tls),
        MailProtocol.Imap4 => new ImapBackendLogin(credentials, ourGreeting, tls),
        _ => new SieveBackendLogin(credentials, ourGreeting, tls),
    };
}
