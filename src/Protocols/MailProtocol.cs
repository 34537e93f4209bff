namespace ActorMailProxy.Protocols;

public enum MailProtocol
{
    Pop3,
    Imap4,
    ManageSieve,
}

public static class MailProtocolExtensions
{
    /// <summary>The well-known port of the protocol, plaintext or implicit TLS, as perdition(8) lists them.</summary>
    public static int DefaultPort(this MailProtocol protocol, bool implicitTls = false) => (protocol, implicitTls) switch
    {
        (MailProtocol.Pop3, false) => 110,
        (MailProtocol.Pop3, true) => 995,
        (MailProtocol.Imap4, false) => 143,
        (MailProtocol.Imap4, true) => 993,
        _ => 4190,
    };

    /// <summary>The name perdition prints in its log lines.</summary>
    public static string LogName(this MailProtocol protocol) => protocol switch
    {
        MailProtocol.Pop3 => "POP3",
        MailProtocol.Imap4 => "IMAP4",
        _ => "MANAGESIEVE",
    };
}
