using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Projections;

/// <summary>
/// Something a node keeps up to date from the audit log's journal. A node that starts reads the journal from as far
/// back as its projections need (<see cref="AuditProjections"/>): those events come with <c>live = false</c>, then
/// <see cref="CaughtUp"/>, then new events with <c>live = true</c>.
/// Calls come one at a time, from the stream that reads the journal.
/// </summary>
public interface IAuditProjection
{
    void Apply(AuditEvent e, bool live);

    /// <summary>Every event stored when the node started has been applied.</summary>
    void CaughtUp(DateTimeOffset now);

    /// <summary>
    /// Whether only successful logins and relogs change it: once caught up, it is given only those (the log's rows
    /// tagged <see cref="Log.AuditLog.LoginTag"/>), unless another projection of the node needs every event.
    /// </summary>
    bool LoginsOnly => false;
}
