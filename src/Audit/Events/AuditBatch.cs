namespace ActorMailProxy.Audit.Events;

/// <summary>What a node's publisher hands to the audit log in one delivery: the events waiting, oldest first.</summary>
public sealed record AuditBatch(IReadOnlyList<AuditEvent> Events)
{
    /// <summary>Debug logs of the delivery machinery name the batch, not its contents.</summary>
    public override string ToString() => $"AuditBatch of {Events.Count}";
}
