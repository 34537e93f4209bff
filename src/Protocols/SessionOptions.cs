namespace ActorMailProxy.Protocols;

/// <summary>Everything a client login session needs to know about our configuration (perdition's options of the same names).</summary>
public sealed record SessionOptions
{
    /// <summary>Appears in the greeting, as perdition's "+OK POP3 Ready &lt;hostname&gt;"; loop detection compares greetings.</summary>
    public string Hostname { get; init; } = "localhost";

    /// <summary><c>-O/--ok_line</c>: when set, replaces the backend's own success text.</summary>
    public string? OkLine { get; init; }

    /// <summary>What TLS this listener offers its clients.</summary>
    public ClientTls Tls { get; init; } = ClientTls.None;

    /// <summary><c>--login_disabled</c>.</summary>
    public bool LoginDisabled { get; init; }

    /// <summary><c>--pop_capability</c>: capabilities delimited by '.' (or, deprecated, two spaces).</summary>
    public string PopCapability { get; init; } = "TOP.UIDL.USER.RESP-CODES.AUTH-RESP-CODE.PIPELINING.SASL PLAIN";

    /// <summary><c>--imap_capability</c>: space delimited.</summary>
    public string ImapCapability { get; init; } = "IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE AUTH=PLAIN";

    /// <summary><c>--managesieve_capability</c>: quoted strings, capabilities separated by two spaces.</summary>
    public string ManageSieveCapability { get; init; } =
        "\"IMPLEMENTATION\" \"ActorMailProxy\"  \"SASL\" \"PLAIN\"  \"VERSION\" \"1.0\"";

    /// <summary>Longest command line accepted before login, in bytes (without CRLF).</summary>
    public int MaxLineLength { get; init; } = 8192;

    /// <summary>Largest literal accepted before login (IMAP, ManageSieve), and the bound of one whole command.</summary>
    public int MaxLiteralSize { get; init; } = 16384;

    /// <summary>Unknown or malformed commands tolerated; the last one is answered and the connection closed.</summary>
    public int MaxBadCommands { get; init; } = 5;

    /// <summary>Failed logins tolerated on one connection before it is closed.</summary>
    public int MaxLoginFailures { get; init; } = 5;
}
