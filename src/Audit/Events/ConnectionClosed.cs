namespace ActorMailProxy.Audit.Events;

/// <summary>
/// The connection ended, logged in or not. <paramref name="BytesFromClient"/> and <paramref name="BytesToClient"/> are
/// what the session moved after login (perdition's received and sent), <paramref name="Duration"/> runs from accept.
/// </summary>
public sealed record ConnectionClosed(
    string EventId,
    string Node,
    DateTimeOffset Time,
    AuditSession Session,
    long BytesFromClient,
    long BytesToClient,
    TimeSpan Duration,
    string Reason)
    : AuditEvent(EventId, Node, Time, Session);
