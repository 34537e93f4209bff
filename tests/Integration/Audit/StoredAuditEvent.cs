using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Serialization;

namespace ActorMailProxy.Integration.Audit;

/// <summary>One row of the audit journal as the database holds it: serializer, manifest, the payload's text, its tags.</summary>
public sealed record StoredAuditEvent(long Ordering, string PersistenceId, int Serializer, string Manifest, string Json, IReadOnlyList<string> Tags)
{
    public AuditEvent Event => AuditJson.FromUtf8(System.Text.Encoding.UTF8.GetBytes(Json));
}
