using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Log;

namespace ActorMailProxy.Audit.Serialization;

/// <summary>
/// Audit events, the batches that carry them between nodes and the log's snapshot, as readable JSON (<see cref="AuditJson"/>)
/// with a short manifest per type. The same bytes travel on the wire and sit in the journal.
/// </summary>
public sealed class AuditSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7401;

    private const string BatchManifest = "batch";
    private const string SnapshotManifest = "log-snapshot";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        AuditEvent e => AuditJson.Kinds[e.GetType()],
        AuditBatch => BatchManifest,
        AuditLogSnapshot => SnapshotManifest,
        _ => throw new ArgumentException($"{o.GetType()} is not an audit message", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        AuditEvent e => AuditJson.ToUtf8(e),
        AuditBatch b => JsonSerializer.SerializeToUtf8Bytes(b, AuditJson.Options),
        AuditLogSnapshot s => JsonSerializer.SerializeToUtf8Bytes(s, AuditJson.Options),
        _ => throw new ArgumentException($"{obj.GetType()} is not an audit message", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => Read(bytes, manifest);

    /// <summary>What <see cref="FromBinary"/> reads, without an actor system: for readers of the journal's rows outside one.</summary>
    public static object Read(byte[] bytes, string manifest)
    {
        try
        {
            return manifest switch
            {
                BatchManifest => JsonSerializer.Deserialize<AuditBatch>(bytes, AuditJson.Options)!,
                SnapshotManifest => JsonSerializer.Deserialize<AuditLogSnapshot>(bytes, AuditJson.Options)!,
                _ when AuditJson.Kinds.Values.Contains(manifest) => Expect(AuditJson.FromUtf8(bytes), manifest),
                _ => throw new SerializationException($"unknown audit manifest '{manifest}'"),
            };
        }
        catch (JsonException e)
        {
            throw new SerializationException($"audit '{manifest}' is not readable: {e.Message}", e);
        }
    }

    private static AuditEvent Expect(AuditEvent e, string manifest) =>
        AuditJson.Kinds[e.GetType()] == manifest ? e : throw new SerializationException($"audit '{manifest}' holds a '{AuditJson.Kinds[e.GetType()]}' event");
}
