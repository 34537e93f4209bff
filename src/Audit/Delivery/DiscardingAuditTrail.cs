using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Delivery;

/// <summary>
/// The trail of a node run with <c>mailproxy.audit.enabled = off</c>: connections record to it as usual and it keeps
/// nothing, so nothing waits and nothing is dropped. It exists to measure what the audit trail costs a login (the
/// benchmark runs with it on and off); a node serving users keeps the trail on.
/// </summary>
public sealed class DiscardingAuditTrail(string node) : IAuditTrail
{
    public string Node => node;

    public int Waiting => 0;

    public long Dropped => 0;

    public void Record(AuditEvent e)
    {
    }
}
