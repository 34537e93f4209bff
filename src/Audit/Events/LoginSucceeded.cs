namespace ActorMailProxy.Audit.Events;

/// <summary>The backend accepted the client's credentials and the session starts (an <c>Auth:</c> line with status ok).</summary>
public sealed record LoginSucceeded(string EventId, string Node, DateTimeOffset Time, AuditSession Session)
    : AuditEvent(EventId, Node, Time, Session);
