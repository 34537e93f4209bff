using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Serialization;

/// <summary>
/// The audit events as JSON: camelCase fields, enums as words, absent values left out, and a short <c>kind</c> word
/// naming the event's type; never a .NET type name, so renaming a class leaves the journal readable.
/// </summary>
public static class AuditJson
{
    /// <summary>Each event type's kind, which is also its serializer manifest.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Kinds = new Dictionary<Type, string>
    {
        [typeof(ConnectionOpened)] = "opened",
        [typeof(LoginSucceeded)] = "login-ok",
        [typeof(LoginFailed)] = "login-failed",
        [typeof(ConnectionRefused)] = "refused",
        [typeof(ConnectionClosed)] = "closed",
        [typeof(SessionRelogged)] = "relog",
    };

    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static byte[] ToUtf8(AuditEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, Options);

    public static AuditEvent FromUtf8(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<AuditEvent>(json, Options) ?? throw new JsonException("an audit event cannot be null");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NameKinds, CommonFieldsFirst } },
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Id, node, time and session lead every event, whatever its kind adds after them.</summary>
    private static void CommonFieldsFirst(JsonTypeInfo info)
    {
        if (!typeof(AuditEvent).IsAssignableFrom(info.Type))
        {
            return;
        }
        foreach (var property in info.Properties)
        {
            property.Order = (property.AttributeProvider as System.Reflection.MemberInfo)?.DeclaringType == typeof(AuditEvent) ? -1 : 0;
        }
    }

    private static void NameKinds(JsonTypeInfo info)
    {
        if (info.Type != typeof(AuditEvent))
        {
            return;
        }
        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "kind",
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var (type, kind) in Kinds)
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, kind));
        }
    }
}
