using ActorMailProxy.Protocols.Imap;
using ActorMailProxy.Protocols.Pop3;
using ActorMailProxy.Protocols.Sieve;

namespace ActorMailProxy.Protocols.Sessions;

/// <summary>The client session of a given protocol, and the goodbyes each protocol says outside its login dialogue.</summary>
public static class ClientSessions
{
    public static IClientSession For(MailProtocol protocol, SessionOptions options) => protocol switch
    {
        MailProtocol.Pop3 => new Pop3Session(options),
        MailProtocol.Imap4 => new ImapSession(options),
        _ => new SieveSession(options),
    };

    /// <summary>An unsolicited goodbye before closing (login timeout, shutdown, idle timeout), valid before and after login.</summary>
    public static byte[] Bye(MailProtocol protocol, string text) => protocol switch
    {
        MailProtocol.Pop3 => Ascii.Line("-ERR " + text),
        MailProtocol.Imap4 => Ascii.Line("* BYE " + text),
        _ => SieveString.Lines("BYE " + SieveString.Quote(text)),
    };

    /// <summary>A goodbye for a connection refused by a connection limit, with each protocol's code for it.</summary>
    public static byte[] LimitBye(MailProtocol protocol, string text) => protocol switch
    {
        MailProtocol.Pop3 => Ascii.Line("-ERR [IN-USE] " + text),
        MailProtocol.Imap4 => Ascii.Line("* BYE [LIMIT] " + text),
        _ => SieveString.Lines("BYE (TRYLATER) " + SieveString.Quote(text)),
    };

    /// <summary>The input bound for a session: one line (or one literal chunk) plus its CRLF.</summary>
    public static InputBuffer NewInput(SessionOptions options) => new(options.MaxLineLength + 2);
}
