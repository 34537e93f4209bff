namespace ActorMailProxy.Audit.Events;

/// <summary>A cluster-wide limit refused the connection or its login; <paramref name="Limit"/> is the key that said no (e.g. <c>ip:1.2.3.4</c>).</summary>
public sealed record ConnectionRefused(string EventId, string Node, DateTimeOffset Time, AuditSession Session, string Limit)
    : AuditEvent(EventId, Node, Time, Session);
