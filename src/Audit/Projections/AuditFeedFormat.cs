namespace ActorMailProxy.Audit.Projections;

/// <summary>How the audit feed writes an event: perdition's log line, or one JSON object per line.</summary>
public enum AuditFeedFormat
{
    Perdition,
    Json,
}
