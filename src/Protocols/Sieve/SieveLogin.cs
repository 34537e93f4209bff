using ActorMailProxy.Protocols.Sasl;
using ActorMailProxy.Protocols.Syntax;

namespace ActorMailProxy.Protocols.Sieve;

/// <summary>ManageSieve (RFC 5804) before authentication as pure functions.</summary>
public static class SieveLogin
{
    public static byte[] Greeting(SessionOptions o) =>
        SieveString.Lines([.. CapabilityLines(o, SieveLoginState.For(o).Secure), $"OK {SieveString.Quote($"ManageSieve Ready {o.Hostname}")}"]);

    /// <summary>
    /// <c>--managesieve_capability</c> with "STARTTLS" only while it can be used, and no SASL mechanisms while logins
    /// are refused (login disabled, or TLS required and not yet up).
    /// </summary>
    public static IReadOnlyList<string> CapabilityLines(SessionOptions o, bool secure)
    {
        var loginsRefused = o.LoginDisabled || !o.Tls.AllowsLogin(secure);
        var lines = SieveString.CapabilityLines(o.ManageSieveCapability)
            .Where(line => SieveString.CapabilityName(line) is var name && name != "STARTTLS" && !(loginsRefused && name == "SASL"))
            .ToList();
        if (o.Tls.OffersStartTls(secure))
        {
            lines.Add("\"STARTTLS\"");
        }
        return lines;
    }

    /// <summary>One command; <paramref name="pipelined"/> says more bytes came after it, which STARTTLS must not have.</summary>
    public static Step<SieveLoginState> Next(SieveLoginState s, IReadOnlyList<Token> tokens, SessionOptions o, bool pipelined = false)
    {
        if (tokens.Count == 0 || tokens[0] is not Token.Atom name)
        {
            return Bad(s, o, "Expected a command");
        }
        var args = tokens.Skip(1).ToArray();
        return name.Value.ToUpperInvariant() switch
        {
            "CAPABILITY" when args.Length == 0 => Reply(s, [.. CapabilityLines(o, s.Secure), "OK \"Capability completed.\""]),
            "LOGOUT" when args.Length == 0 => Step<SieveLoginState>.Act(s, new SessionAction.Reply(SieveString.Lines("OK \"Logout completed.\"")), new SessionAction.Close("client logged out")),
            "NOOP" when args is [] => Reply(s, "OK \"NOOP completed.\""),
            "NOOP" when args is [var tag] && tag.StringValue(atomAllowed: false) is { } text => Reply(s, $"OK (TAG {SieveString.Quote(text)}) \"Done\""),
            "STARTTLS" when args.Length == 0 && o.Tls.OffersStartTls(s.Secure) => StartTls(s, pipelined),
            "STARTTLS" => Reply(s, s.Secure ? "NO \"TLS is already active\"" : "NO \"STARTTLS not available\""),
            "AUTHENTICATE" when o.LoginDisabled => Reply(s, "NO \"Login disabled\""),
            "AUTHENTICATE" when !o.Tls.AllowsLogin(s.Secure) => Reply(s, "NO (ENCRYPT-NEEDED) \"Plaintext authentication is disallowed before STARTTLS\""),
            "AUTHENTICATE" => Authenticate(s, args, o),
            _ => Bad(s, o, "Unknown command or not allowed before login"),
        };
    }

    /// <summary>
    /// STARTTLS: what follows it must be the TLS handshake. Commands sent behind it in the same packet would be run as
    /// if they came over TLS (CVE-2011-0411): refuse and close instead.
    /// </summary>
    private static Step<SieveLoginState> StartTls(SieveLoginState s, bool pipelined) => pipelined
        ? Step<SieveLoginState>.Act(s, new SessionAction.Reply(SieveString.Lines("BYE \"Data after STARTTLS\"")), new SessionAction.Close("data pipelined after STARTTLS"))
        : Step<SieveLoginState>.Act(s, new SessionAction.Reply(SieveString.Lines("OK \"Begin TLS negotiation now\"")), new SessionAction.StartTls());

    /// <summary>RFC 5804 2.2: once TLS is up the server sends its capabilities again, now those of a secure connection.</summary>
    public static Step<SieveLoginState> TlsEstablished(SieveLoginState s, SessionOptions o)
    {
        s = s with { Secure = true };
        return Reply(s, [.. CapabilityLines(o, s.Secure), "OK \"TLS negotiation successful.\""]);
    }

    private static Step<SieveLoginState> Authenticate(SieveLoginState s, Token[] args, SessionOptions o)
    {
        if (args.Length is not (1 or 2) || args[0].StringValue(atomAllowed: false) is not { } mechanism)
        {
            return Bad(s, o, "AUTHENTICATE needs a mechanism string");
        }
        if (!mechanism.Equals(SaslPlain.Mechanism, StringComparison.OrdinalIgnoreCase))
        {
            return Reply(s, "NO \"Unsupported authentication mechanism\"");
        }
        if (args is [_, var initial])
        {
            return SaslResponse(s, [initial], o);
        }
        return Step<SieveLoginState>.Reply(s with { AwaitingSaslResponse = true }, SieveString.Lines("\"\""));
    }

    /// <summary>The client's answer to our empty challenge (or its initial response): a string holding base64 PLAIN, or "*" to abort.</summary>
    public static Step<SieveLoginState> SaslResponse(SieveLoginState s, IReadOnlyList<Token> tokens, SessionOptions o)
    {
        s = s with { AwaitingSaslResponse = false };
        if (tokens is not [var token] || token.StringBytes(atomAllowed: false) is not { } response)
        {
            return Bad(s, o, "Expected a SASL response string");
        }
        if (response is [(byte)'*'])
        {
            return Reply(s, "NO \"Authentication aborted\"");
        }
        return SaslPlain.Decode(response) is { } credentials
            ? Step<SieveLoginState>.Act(s, new SessionAction.Login(credentials))
            : Bad(s, o, "Invalid SASL PLAIN response");
    }

    public static Step<SieveLoginState> LoginFailed(SieveLoginState s, LoginFailure failure, SessionOptions o)
    {
        s = s with { LoginFailures = s.LoginFailures + 1 };
        var reply = new SessionAction.Reply(SieveString.Lines("NO " + FailureText(failure)));
        return s.LoginFailures >= o.MaxLoginFailures
            ? Step<SieveLoginState>.Act(s, reply, new SessionAction.Reply(SieveString.Lines("BYE \"Too many failed logins\"")), new SessionAction.Close("too many failed logins"))
            : Step<SieveLoginState>.Act(s, reply);
    }

    public static byte[] LoginSucceeded(BackendWelcome welcome, SessionOptions o) =>
        SieveString.Lines("OK " + (o.OkLine is null ? welcome.StatusText : SieveString.Quote(o.OkLine)));

    public static Step<SieveLoginState> Malformed(SieveLoginState s, string problem, SessionOptions o) => Bad(s with { AwaitingSaslResponse = false }, o, problem);

    private static string FailureText(LoginFailure failure) => failure switch
    {
        LoginFailure.Rejected { BackendText: { Length: > 0 } text } => text,
        LoginFailure.Rejected => "\"Authentication failed.\"",
        LoginFailure.LimitReached l => "(TRYLATER) " + SieveString.Quote(l.Reason),
        LoginFailure.Refused r => SieveString.Quote(r.Reason),
        _ => "(TRYLATER) \"Service temporarily unavailable, try again later.\"",
    };

    private static Step<SieveLoginState> Reply(SieveLoginState s, params string[] lines) => Step<SieveLoginState>.Reply(s, SieveString.Lines(lines));

    private static Step<SieveLoginState> Bad(SieveLoginState s, SessionOptions o, string text)
    {
        s = s with { BadCommands = s.BadCommands + 1 };
        return s.BadCommands >= o.MaxBadCommands
            ? Step<SieveLoginState>.Act(s, new SessionAction.Reply(SieveString.Lines($"BYE {SieveString.Quote(text + "; too many bad commands")}")), new SessionAction.Close("too many bad commands"))
            : Reply(s, $"NO {SieveString.Quote(text)}");
    }
}
