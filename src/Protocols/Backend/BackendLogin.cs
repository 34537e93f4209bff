using ActorMailProxy.Protocols.Imap;
using ActorMailProxy.Protocols.Pop3;
using ActorMailProxy.Protocols.Sieve;

namespace ActorMailProxy.Protocols.Backend;

public static class BackendLogin
{
    /// <summary>The dialogue that logs <paramref name="credentials"/> in at a backend of <paramref name="protocol"/>; <paramref name="ourGreeting"/> detects a loop back to ourselves.</summary>
    public static IBackendLogin For(MailProtocol protocol, Credentials credentials, byte[] ourGreeting) => protocol switch
    {
        MailProtocol.Pop3 => new Pop3BackendLogin(credentials, ourGreeting),
        MailProtocol.Imap4 => new ImapBackendLogin(credentials, ourGreeting),
        _ => new SieveBackendLogin(credentials, ourGreeting),
    };

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
