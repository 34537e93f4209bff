namespace ActorMailProxy.Audit.Events;

/// <summary>
/// A login did not reach an authenticated session: <paramref name="Reason"/> is its class, <paramref name="Detail"/>
/// the text perdition's <c>Auth:</c> line gives after "failed:" (never the password).
/// </summary>
public sealed record LoginFailed(string EventId, string Node, DateTimeOffset Time, AuditSession Session, LoginFailureClass Reason, string Detail)
    : AuditEvent(EventId, Node, Time, Session);
