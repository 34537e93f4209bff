using ActorMailProxy.Protocols;

namespace ActorMailProxy.Gateway.Options;

/// <summary>A -P name: the mail protocol, and whether it is its implicit-TLS variant (POP3S, IMAP4S).</summary>
public sealed record ListenProtocol(MailProtocol Protocol, bool ImplicitTls)
{
    public int DefaultPort => Protocol.DefaultPort(ImplicitTls);

    public string Name => Protocol.LogName() + (ImplicitTls ? "S" : "");

    /// <summary>perdition's names (POP3, POP3S, IMAP4, IMAP4S, IMAPS, MANAGESIEVE) and a few obvious others.</summary>
    public static ListenProtocol? Parse(string name) => name.ToUpperInvariant() switch
    {
        "POP3" => new(MailProtocol.Pop3, false),
        "POP3S" => new(MailProtocol.Pop3, true),
        "IMAP4" or "IMAP" => new(MailProtocol.Imap4, false),
        "IMAP4S" or "IMAPS" => new(MailProtocol.Imap4, true),
        "MANAGESIEVE" or "SIEVE" => new(MailProtocol.ManageSieve, false),
        _ => null,
    };
}
