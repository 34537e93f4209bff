using System.Reflection;
using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.Serialization;

namespace ActorMailProxy.Audit.Tests.Serialization;

public sealed class AuditSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("audit-serializer", "akka.actor.provider = local");
    private readonly AuditSerializer _serializer;

    public AuditSerializerTests() => _serializer = new AuditSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    public static TheoryData<string> Kinds() => [.. AuditSamples.OneOfEach().Select(e => AuditJson.Kinds[e.GetType()])];

    private static AuditEvent Sample(string kind) => AuditSamples.OneOfEach().Single(e => AuditJson.Kinds[e.GetType()] == kind);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_event_kind_round_trips_equal_under_its_own_short_manifest(string kind)
    {
        var e = Sample(kind);
        var manifest = _serializer.Manifest(e);
        Assert.Equal(kind, manifest);
        Assert.Equal(e, _serializer.FromBinary(_serializer.ToBinary(e), manifest));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_json_is_readable_names_its_kind_in_a_word_and_holds_no_type_name(string kind)
    {
        var json = Encoding.UTF8.GetString(_serializer.ToBinary(Sample(kind)));
        Assert.StartsWith($"{{\"kind\":\"{kind}\",\"eventId\":", json);
        Assert.DoesNotContain("$type", json);
        Assert.DoesNotContain("ActorMailProxy", json);
        Assert.DoesNotContain("System.", json);
    }

    [Fact]
    public void Fields_are_camel_case_words_and_absent_values_are_left_out()
    {
        var json = Encoding.UTF8.GetString(_serializer.ToBinary(AuditSamples.OneOfEach()[1]));
        Assert.Contains("\"session\":{\"client\":\"[::1]:40002\",\"server\":\"[::1]:993\",\"protocol\":\"IMAP4\",\"clientTls\":\"ssl\",\"serverTls\":\"start-tls\"", json);
        Assert.Contains("\"time\":\"2026-11-25T13:14:15.678+00:00\"", json);
        var opened = Encoding.UTF8.GetString(_serializer.ToBinary(AuditSamples.OneOfEach()[0]));
        Assert.DoesNotContain("user", opened);
        Assert.Contains("\"reason\":\"rejected\"", Encoding.UTF8.GetString(_serializer.ToBinary(AuditSamples.OneOfEach()[2])));
    }

    [Fact]
    public void No_audit_type_has_a_field_that_could_hold_a_password()
    {
        var types = typeof(AuditEvent).Assembly.GetTypes().Where(t => t == typeof(AuditSession) || t == typeof(AuditBatch) || typeof(AuditEvent).IsAssignableFrom(t));
        var names = types.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)).Select(p => p.Name).ToList();
        Assert.Contains("User", names);
        Assert.DoesNotContain(names, n => n.Contains("pass", StringComparison.OrdinalIgnoreCase) || n.Contains("secret", StringComparison.OrdinalIgnoreCase)
            || n.Contains("credential", StringComparison.OrdinalIgnoreCase));
        foreach (var e in AuditSamples.OneOfEach())
        {
            using var json = JsonDocument.Parse(_serializer.ToBinary(e));
            Assert.DoesNotContain(PropertyNames(json.RootElement), n => n.Contains("pass", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void Every_event_type_has_a_kind()
    {
        var eventTypes = typeof(AuditEvent).Assembly.GetTypes().Where(t => typeof(AuditEvent).IsAssignableFrom(t) && !t.IsAbstract);
        Assert.Equal(eventTypes.OrderBy(t => t.Name), AuditJson.Kinds.Keys.OrderBy(t => t.Name));
        Assert.Equal(AuditJson.Kinds.Count, AuditJson.Kinds.Values.Distinct().Count());
    }

    [Fact]
    public void A_batch_round_trips_its_events_of_every_kind_in_order()
    {
        var batch = new AuditBatch(AuditSamples.OneOfEach());
        var back = Assert.IsType<AuditBatch>(_serializer.FromBinary(_serializer.ToBinary(batch), _serializer.Manifest(batch)));
        Assert.Equal("batch", _serializer.Manifest(batch));
        Assert.Equal(batch.Events, back.Events);
    }

    [Fact]
    public void The_log_snapshot_round_trips_its_ids_in_order()
    {
        var snapshot = new AuditLogSnapshot(["b", "a", "c"]);
        var back = Assert.IsType<AuditLogSnapshot>(_serializer.FromBinary(_serializer.ToBinary(snapshot), _serializer.Manifest(snapshot)));
        Assert.Equal(snapshot.RecentIds, back.RecentIds);
    }

    [Fact]
    public void Unreadable_bytes_an_unknown_manifest_or_a_kind_other_than_the_manifest_are_serialization_errors()
    {
        var opened = _serializer.ToBinary(AuditSamples.OneOfEach()[0]);
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(opened, "closed"));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(opened, "Opened, ActorMailProxy.Audit"));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary("{\"kind\":\"opened\""u8.ToArray(), "opened"));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary("{\"kind\":\"opened\",\"eventId\":\"x\"}"u8.ToArray(), "opened"));
        Assert.Throws<ArgumentException>(() => _serializer.ToBinary("not an audit message"));
    }

    private static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };
}
