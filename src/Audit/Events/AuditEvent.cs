namespace ActorMailProxy.Audit.Events;

/// <summary>
/// One thing that happened to a client connection, as the audit log stores it. <paramref name="EventId"/> is unique in
/// the cluster and is what the log removes redelivered duplicates by. No event type has a field for a password.
/// </summary>
public abstract record AuditEvent(string EventId, string Node, DateTimeOffset Time, AuditSession Session)
{
    /// <summary>A new event id: time-ordered (UUIDv7), so ids sort roughly by when they were made.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
