using ActorMailProxy.Protocols.Sasl;
using ActorMailProxy.Protocols.Syntax;

namespace ActorMailProxy.Protocols.Imap;

/// <summary>The IMAP4 not-authenticated state as pure functions: a command in, the next state and actions out.</summary>
public static class ImapLogin
{
    public static byte[] Greeting(SessionOptions o) =>
        Ascii.Line($"* OK [CAPABILITY {Capabilities(o, ImapLoginState.For(o).Secure)}] IMAP4 Ready {o.Hostname}");

    /// <summary>
    /// Our pre-login capabilities: <c>--imap_capability</c> with STARTTLS only while it can be used, and LOGINDISABLED
    /// without AUTH= while logins are refused (login disabled, or TLS required and not yet up), as perdition(8) says.
    /// </summary>
    public static string Capabilities(SessionOptions o, bool secure)
    {
        var caps = o.ImapCapability.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(c => !c.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase) && !c.Equals("LOGINDISABLED", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (o.Tls.OffersStartTls(secure))
        {
            caps.Add("STARTTLS");
        }
        if (o.LoginDisabled || !o.Tls.AllowsLogin(secure))
        {
            caps.RemoveAll(c => c.StartsWith("AUTH=", StringComparison.OrdinalIgnoreCase));
            caps.Add("LOGINDISABLED");
        }
        return string.Join(' ', caps);
    }

    /// <summary>One command; <paramref name="pipelined"/> says more bytes came after it, which STARTTLS must not have.</summary>
    public static Step<ImapLoginState> Next(ImapLoginState s, ImapCommand c, SessionOptions o, bool pipelined = false) => c.Name switch
    {
        "CAPABILITY" => Reply(s, $"* CAPABILITY {Capabilities(o, s.Secure)}", $"{c.Tag} OK Capability completed."),
        "NOOP" => Reply(s, $"{c.Tag} OK NOOP completed."),
        "LOGOUT" => Step<ImapLoginState>.Act(s, new SessionAction.Reply(Ascii.Lines("* BYE Logging out", $"{c.Tag} OK Logout completed.")), new SessionAction.Close("client logged out")),
        "ID" when c.Arguments is [{ IsNil: true }] or [Token.List] => Reply(s, "* ID (\"name\" \"ActorMailProxy\")", $"{c.Tag} OK ID completed."),
        "STARTTLS" when o.Tls.OffersStartTls(s.Secure) => StartTls(s, c.Tag, pipelined),
        "STARTTLS" => Bad(s, o, c.Tag, s.Secure ? "TLS is already active" : "STARTTLS not available"),
        "LOGIN" or "AUTHENTICATE" when o.LoginDisabled => Reply(s, $"{c.Tag} NO [CONTACTADMIN] Login disabled."),
        "LOGIN" or "AUTHENTICATE" when !o.Tls.AllowsLogin(s.Secure) => Reply(s, $"{c.Tag} NO [PRIVACYREQUIRED] Plaintext authentication is disallowed before STARTTLS."),
        "LOGIN" => LoginCommand(s, c, o),
        "AUTHENTICATE" => Authenticate(s, c, o),
        "ID" => Bad(s, o, c.Tag, "ID needs NIL or a list"),
        _ => Bad(s, o, c.Tag, "Unknown command or not allowed before login"),
    };

    /// <summary>
    /// STARTTLS: what follows it must be the TLS handshake. Commands sent behind it in the same packet would be run as
    /// if they came over TLS (CVE-2011-0411): refuse and close instead.
    /// </summary>
    private static Step<ImapLoginState> StartTls(ImapLoginState s, string tag, bool pipelined) => pipelined
        ? Step<ImapLoginState>.Act(s, new SessionAction.Reply(Ascii.Lines($"{tag} BAD Data after STARTTLS", "* BYE Closing")), new SessionAction.Close("data pipelined after STARTTLS"))
        : Step<ImapLoginState>.Act(s, new SessionAction.Reply(Ascii.Line($"{tag} OK Begin TLS negotiation now")), new SessionAction.StartTls());

    public static Step<ImapLoginState> TlsEstablished(ImapLoginState s) => new(s with { Secure = true }, []);

    private static Step<ImapLoginState> LoginCommand(ImapLoginState s, ImapCommand c, SessionOptions o)
    {
        if (c.Arguments is not [var userToken, var passwordToken]
            || userToken.StringValue() is not { Length: > 0 } user
            || passwordToken.StringBytes() is not { } password)
        {
            return Bad(s, o, c.Tag, "LOGIN needs a user name and a password");
        }
        return Step<ImapLoginState>.Act(s with { PendingTag = c.Tag }, new SessionAction.Login(new Credentials(user, Secret.FromBytes(password))));
    }

    private static Step<ImapLoginState> Authenticate(ImapLoginState s, ImapCommand c, SessionOptions o)
    {
        if (c.Arguments is not ([Token.Atom] or [Token.Atom, Token.Atom]))
        {
            return Bad(s, o, c.Tag, "AUTHENTICATE needs a mechanism");
        }
        var mechanism = ((Token.Atom)c.Arguments[0]).Value;
        if (!mechanism.Equals(SaslPlain.Mechanism, StringComparison.OrdinalIgnoreCase))
        {
            return Reply(s, $"{c.Tag} NO Unsupported authentication mechanism.");
        }
        s = s with { PendingTag = c.Tag };
        return c.Arguments is [_, Token.Atom initial]
            ? SaslResponse(s, System.Text.Encoding.ASCII.GetBytes(initial.Value), o)
            : Step<ImapLoginState>.Reply(s with { AwaitingSaslResponse = true }, Ascii.Line("+ "));
    }

    /// <summary>The client's answer to our "+ " challenge (or its SASL-IR initial response): base64 PLAIN, or "*" to cancel.</summary>
    public static Step<ImapLoginState> SaslResponse(ImapLoginState s, ReadOnlySpan<byte> line, SessionOptions o)
    {
        var tag = s.PendingTag ?? "*";
        s = s with { AwaitingSaslResponse = false };
        if (line.Length == 1 && line[0] == '*')
        {
            return Reply(s with { PendingTag = null }, $"{tag} BAD Authentication cancelled.");
        }
        return SaslPlain.Decode(line) is { } credentials
            ? Step<ImapLoginState>.Act(s, new SessionAction.Login(credentials))
            : Bad(s with { PendingTag = null }, o, tag, "Invalid SASL PLAIN response");
    }

    public static Step<ImapLoginState> LoginFailed(ImapLoginState s, LoginFailure failure, SessionOptions o)
    {
        var tag = s.PendingTag ?? "*";
        s = s with { PendingTag = null, LoginFailures = s.LoginFailures + 1 };
        var reply = new SessionAction.Reply(Ascii.Line($"{tag} NO {FailureText(failure)}"));
        return s.LoginFailures >= o.MaxLoginFailures
            ? Step<ImapLoginState>.Act(s, reply, new SessionAction.Reply(Ascii.Line("* BYE Too many failed logins.")), new SessionAction.Close("too many failed logins"))
            : Step<ImapLoginState>.Act(s, reply);
    }

    /// <summary>Relays the backend's untagged lines and its OK (with the client's tag), or our <c>--ok_line</c> with the backend's capabilities.</summary>
    public static byte[] LoginSucceeded(ImapLoginState s, BackendWelcome welcome, SessionOptions o)
    {
        var text = o.OkLine is null ? welcome.StatusText
            : welcome.Capabilities is { } caps ? $"[CAPABILITY {caps}] {o.OkLine}"
            : o.OkLine;
        return Ascii.Lines([.. welcome.UntaggedLines, $"{s.PendingTag ?? "*"} OK {text}"]);
    }

    public static Step<ImapLoginState> Malformed(ImapLoginState s, string? tag, string problem, SessionOptions o) => Bad(s, o, tag ?? "*", problem);

    private static string FailureText(LoginFailure failure) => failure switch
    {
        LoginFailure.Rejected { BackendText: { Length: > 0 } text } => text,
        LoginFailure.Rejected => "[AUTHENTICATIONFAILED] Authentication failed.",
        LoginFailure.LimitReached l => "[LIMIT] " + l.Reason,
        LoginFailure.Refused r => "[CONTACTADMIN] " + r.Reason,
        _ => "[UNAVAILABLE] Service temporarily unavailable, try again later.",
    };

    private static Step<ImapLoginState> Reply(ImapLoginState s, params string[] lines) => Step<ImapLoginState>.Reply(s, Ascii.Lines(lines));

    private static Step<ImapLoginState> Bad(ImapLoginState s, SessionOptions o, string tag, string text)
    {
        s = s with { BadCommands = s.BadCommands + 1 };
        return s.BadCommands >= o.MaxBadCommands
            ? Step<ImapLoginState>.Act(s, new SessionAction.Reply(Ascii.Lines($"{tag} BAD {text}", "* BYE Too many bad commands.")), new SessionAction.Close("too many bad commands"))
            : Reply(s, $"{tag} BAD {text}");
    }
}
