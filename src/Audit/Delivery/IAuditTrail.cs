using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Delivery;

/// <summary>Where a connection reports what happens to it. Recording never waits for the log and never fails the session.</summary>
public interface IAuditTrail
{
    /// <summary>This node's name in the events it records.</summary>
    string Node { get; }

    /// <summary>Events of this node not yet confirmed as stored.</summary>
    int Waiting { get; }

    /// <summary>Events this node dropped because its buffer was full.</summary>
    long Dropped { get; }

    void Record(AuditEvent e);
}
