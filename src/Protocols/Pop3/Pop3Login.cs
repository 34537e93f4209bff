using ActorMailProxy.Protocols.Sasl;

namespace ActorMailProxy.Protocols.Pop3;

/// <summary>The POP3 AUTHORIZATION state as a pure function: a command in, the next state and actions out.</summary>
public static class Pop3Login
{
    public static byte[] Greeting(SessionOptions o) => Ascii.Line($"+OK POP3 Ready {o.Hostname}");

    /// <summary>One command; <paramref name="pipelined"/> says more bytes came after it, which STLS must not have.</summary>
    public static Step<Pop3LoginState> Next(Pop3LoginState s, Pop3Command command, SessionOptions o, bool pipelined = false) => command switch
    {
        Pop3Command.Capa => Step<Pop3LoginState>.Reply(s, Capabilities(o, s.Secure)),
        Pop3Command.Noop => Ok(s, "NOOP"),
        Pop3Command.Quit => Step<Pop3LoginState>.Act(s, new SessionAction.Reply(Ascii.Line("+OK Bye")), new SessionAction.Close("client quit")),
        Pop3Command.Stls when o.Tls.OffersStartTls(s.Secure) => StartTls(s, pipelined),
        Pop3Command.Stls => Err(s, s.Secure ? "TLS is already active" : "STLS not available"),
        Pop3Command.User or Pop3Command.Pass or Pop3Command.Auth { Mechanism: not null } when o.LoginDisabled
            => Err(s with { User = null }, "[SYS/PERM] Login disabled"),
        Pop3Command.User or Pop3Command.Pass or Pop3Command.Auth { Mechanism: not null } when !o.Tls.AllowsLogin(s.Secure)
            => Err(s with { User = null }, "[AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections, use STLS."),
        Pop3Command.User u => Ok(s with { User = u.Name }, "User name accepted, password please"),
        Pop3Command.Pass when s.User is null => Bad(s, o, "USER first"),
        Pop3Command.Pass p => Step<Pop3LoginState>.Act(s with { User = null }, new SessionAction.Login(new Credentials(s.User, p.Password))),
        Pop3Command.Auth { Mechanism: null } => Step<Pop3LoginState>.Reply(s, Ascii.Lines("+OK", SaslPlain.Mechanism, ".")),
        Pop3Command.Auth { Mechanism: not SaslPlain.Mechanism } => Bad(s, o, "Unsupported authentication mechanism"),
        Pop3Command.Auth { InitialResponse: null } => Step<Pop3LoginState>.Reply(s with { AwaitingSaslResponse = true }, Ascii.Line("+ ")),
        Pop3Command.Auth a => SaslResponse(s, a.InitialResponse, o),
        Pop3Command.Malformed m => Bad(s, o, m.Problem),
        _ => Bad(s, o, "Unknown command"),
    };

    /// <summary>
    /// STLS: what follows it must be the TLS handshake. Commands sent behind it in the same packet would be run as if
    /// they came over TLS (CVE-2011-0411): refuse and close instead.
    /// </summary>
    private static Step<Pop3LoginState> StartTls(Pop3LoginState s, bool pipelined) => pipelined
        ? Step<Pop3LoginState>.Act(s, new SessionAction.Reply(Ascii.Line("-ERR Data after STLS, closing")), new SessionAction.Close("data pipelined after STLS"))
        : Step<Pop3LoginState>.Act(s with { User = null }, new SessionAction.Reply(Ascii.Line("+OK Begin TLS negotiation")), new SessionAction.StartTls());

    public static Step<Pop3LoginState> TlsEstablished(Pop3LoginState s) => new(s with { Secure = true, User = null }, []);

    /// <summary>The line a client sends after our "+ " challenge: base64 PLAIN, or "*" to cancel.</summary>
    public static Step<Pop3LoginState> SaslResponse(Pop3LoginState s, ReadOnlySpan<byte> line, SessionOptions o)
    {
        s = s with { AwaitingSaslResponse = false, User = null };
        if (line.Length == 1 && line[0] == '*')
        {
            return Err(s, "Authentication cancelled");
        }
        return SaslPlain.Decode(line) is { } credentials
            ? Step<Pop3LoginState>.Act(s, new SessionAction.Login(credentials))
            : Bad(s, o, "Invalid SASL PLAIN response");
    }

    public static Step<Pop3LoginState> LoginFailed(Pop3LoginState s, LoginFailure failure, SessionOptions o)
    {
        s = s with { LoginFailures = s.LoginFailures + 1 };
        var reply = new SessionAction.Reply(Ascii.Line("-ERR " + FailureText(failure)));
        return s.LoginFailures >= o.MaxLoginFailures
            ? Step<Pop3LoginState>.Act(s, reply, new SessionAction.Close("too many failed logins"))
            : Step<Pop3LoginState>.Act(s, reply);
    }

    public static byte[] LoginSucceeded(BackendWelcome welcome, SessionOptions o) =>
        Ascii.Line("+OK " + (o.OkLine ?? welcome.StatusText));

    public static Step<Pop3LoginState> LineTooLong(Pop3LoginState s, SessionOptions o) => Bad(s, o, "Line too long");

    private static string FailureText(LoginFailure failure) => failure switch
    {
        LoginFailure.Rejected { BackendText: { Length: > 0 } text } => text,
        LoginFailure.Rejected => "[AUTH] Authentication failed.",
        LoginFailure.LimitReached l => "[IN-USE] " + l.Reason,
        LoginFailure.Refused r => "[SYS/PERM] " + r.Reason,
        _ => "[SYS/TEMP] Service temporarily unavailable, try again later.",
    };

    /// <summary>
    /// <c>--pop_capability</c> as perdition(8) adjusts it: STLS only while it can be used, and no USER or SASL while
    /// logins are refused (login disabled, or TLS required and not yet up).
    /// </summary>
    private static byte[] Capabilities(SessionOptions o, bool secure)
    {
        var loginsRefused = o.LoginDisabled || !o.Tls.AllowsLogin(secure);
        var lines = new List<string> { "+OK Capability list follows" };
        lines.AddRange(CapabilityList(o.PopCapability)
            .Where(c => !c.Equals("STLS", StringComparison.OrdinalIgnoreCase))
            .Where(c => !loginsRefused || !(c.Equals("USER", StringComparison.OrdinalIgnoreCase) || c.StartsWith("SASL", StringComparison.OrdinalIgnoreCase))));
        if (o.Tls.OffersStartTls(secure))
        {
            lines.Add("STLS");
        }
        lines.Add(".");
        return Ascii.Lines([.. lines]);
    }

    /// <summary>perdition's --pop_capability: '.'-delimited; the old two-space delimiter still read when there is no '.'.</summary>
    public static IReadOnlyList<string> CapabilityList(string capability)
    {
        var separator = capability.Contains('.') || !capability.Contains("  ") ? "." : "  ";
        return capability.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static Step<Pop3LoginState> Ok(Pop3LoginState s, string text) => Step<Pop3LoginState>.Reply(s, Ascii.Line("+OK " + text));

    private static Step<Pop3LoginState> Err(Pop3LoginState s, string text) => Step<Pop3LoginState>.Reply(s, Ascii.Line("-ERR " + text));

    private static Step<Pop3LoginState> Bad(Pop3LoginState s, SessionOptions o, string text)
    {
        s = s with { BadCommands = s.BadCommands + 1 };
        return s.BadCommands >= o.MaxBadCommands
            ? Step<Pop3LoginState>.Act(s, new SessionAction.Reply(Ascii.Line($"-ERR {text}; too many bad commands, closing")), new SessionAction.Close("too many bad commands"))
            : Err(s, text);
    }
}
