using ActorMailProxy.Audit.Events;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Audit.Tests;

/// <summary>One event of every kind, every field set (or left null where a session has nothing yet).</summary>
internal static class AuditSamples
{
    public static readonly DateTimeOffset Time = new(2026, 11, 25, 13, 14, 15, 678, TimeSpan.Zero);

    public static readonly AuditSession Accepted = new("127.0.0.2:40001", "127.0.0.1:110", "POP3");

    public static readonly AuditSession LoggedIn = new("[::1]:40002", "[::1]:993", "IMAP4", TransportSecurity.Ssl, TransportSecurity.StartTls,
        "Zoë \"x\"@example.org", "zoe", "mail2.example.org:143");

    public static IReadOnlyList<AuditEvent> OneOfEach(string prefix = "e") =>
    [
        new ConnectionOpened($"{prefix}1", "127.0.0.1:2551", Time, Accepted),
        new LoginSucceeded($"{prefix}2", "127.0.0.1:2551", Time, LoggedIn),
        new LoginFailed($"{prefix}3", "127.0.0.1:2552", Time, LoggedIn with { MappedUser = null }, LoginFailureClass.Rejected, "backend refused the credentials"),
        new ConnectionRefused($"{prefix}4", "127.0.0.1:2553", Time, Accepted with { User = "bob" }, "user:bob"),
        new ConnectionClosed($"{prefix}5", "127.0.0.1:2551", Time, LoggedIn, 1234, 5_678_901_234, TimeSpan.FromMilliseconds(1500.25), "session closed"),
        new SessionRelogged($"{prefix}6", "127.0.0.1:2551", Time, LoggedIn),
    ];

    public static ConnectionOpened Opened(string id) => new(id, "n", Time, Accepted);
}
