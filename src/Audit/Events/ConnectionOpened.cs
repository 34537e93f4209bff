namespace ActorMailProxy.Audit.Events;

/// <summary>A client connected (perdition's <c>Connect:</c> line).</summary>
public sealed record ConnectionOpened(string EventId, string Node, DateTimeOffset Time, AuditSession Session)
    : AuditEvent(EventId, Node, Time, Session);
