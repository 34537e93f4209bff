using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.Serialization;

namespace ActorMailProxy.Bench.Audit;

/// <summary>
/// One event as Akka.Persistence.Sql stores a tagged event (default table mapping, tags in the row's CSV column): a
/// journal row (<c>created</c> in DateTime ticks, UTC, at the write; <c>deleted</c> 0; the event's bytes and manifest
/// from the audit serializer, whose id is <see cref="AuditSerializer.SerializerId"/>; <c>tags</c> as the plugin writes
/// <see cref="AuditLog.TagsOf"/>: <c>;audit;</c>, <c>;audit;login;</c> for a login or relog).
/// </summary>
public readonly record struct JournalRow(long Ordering, long Created, string PersistenceId, long SequenceNr, byte[] Message, string Manifest, string WriterUuid,
    string Tags);

/// <summary>A snapshot row as the snapshot store writes one: <c>created</c> in DateTime ticks, the serializer's bytes, manifest and id.</summary>
public sealed record SnapshotRow(string PersistenceId, long SequenceNr, long Created, byte[] Payload, string Manifest);

/// <summary>Writes rows straight into a journal's tables, in large transactions, as fast as the database takes them.</summary>
public interface IJournalWriter : IAsyncDisposable
{
    /// <summary>Journal rows for these events, in one go (one transaction, or one COPY).</summary>
    Task WriteAsync(IReadOnlyList<JournalRow> rows);

    Task WriteSnapshotAsync(SnapshotRow snapshot);

    /// <summary>After the last row: whatever the database needs to go on from <paramref name="lastOrdering"/> as if the rows had come one by one.</summary>
    Task FinishAsync(long lastOrdering);
}
