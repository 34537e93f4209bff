using ActorMailProxy.Protocols.Imap;
using ActorMailProxy.Protocols.Pop3;
using ActorMailProxy.Protocols.Sieve;

namespace ActorMailProxy.Protocols.Backend;

public static class BackendLogin
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

    /// <summary>The backend did not offer (or refused) STARTTLS and TLS is required: give up before any credential goes out.</summary>
    internal static BackendStep.Failed NoTls(string what) => Unavailable($"backend {what}, and TLS to it is required");

    internal static BackendStep.Failed AfterTlsUnexpected() => Unavailable("no TLS upgrade was asked for");

    /// <summary>perdition's loop detection: a backend whose greeting is our own is ourselves.</summary>
    internal static bool IsOurGreeting(ReadOnlySpan<byte> line, byte[] ourGreeting)
    {
        var ours = ourGreeting.AsSpan();
        var end = ours.IndexOf((byte)'\r');
        ours = end < 0 ? ours : ours[..end];
        return line.SequenceEqual(ours);
    }

    internal static BackendStep.Failed Loop() => new(new LoginFailure.Refused("Re-Authentication Failure: proxy loop detected"), "backend greeting is our own: proxy loop");

    internal static BackendStep.Failed Unavailable(string reason) => new(new LoginFailure.Unavailable(reason), reason);
}
