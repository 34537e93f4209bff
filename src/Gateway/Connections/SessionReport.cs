using ActorMailProxy.Protocols;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>A fact of a session that its log lines (perdition's format) and its audit events are written from.</summary>
public abstract record SessionReport
{
    private SessionReport() { }

    public static readonly Opened Connected = new();
    public static readonly Relogged StillLoggedIn = new();
    public static readonly IdleTimedOut Idle = new();

    public sealed record Opened : SessionReport;

    public sealed record ClientSecured(TransportSecurity Security) : SessionReport;

    /// <summary>A limit said no: to the connection (<paramref name="User"/> null) or to its user's login.</summary>
    public sealed record Refused(string LimitKey, string? User) : SessionReport;

    /// <summary><paramref name="Server"/> and <paramref name="LoginUser"/> are "" when no route was found.</summary>
    public sealed record LoginFailed(Credentials Credentials, string Server, string LoginUser, LoginFailure Failure, string Reason, TransportSecurity ClientSecurity)
        : SessionReport;

    public sealed record LoggedIn(Credentials Credentials, string Server, string LoginUser, TransportSecurity ClientSecurity, TransportSecurity ServerSecurity)
        : SessionReport;

    public sealed record Relogged : SessionReport;

    public sealed record IdleTimedOut : SessionReport;

    /// <summary>A logged-in session ended; bytes as the pump counted them.</summary>
    public sealed record SessionEnded(Credentials Credentials, long FromClient, long ToClient) : SessionReport;
}
