using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.Serialization;

namespace ActorMailProxy.Integration.Audit;

/// <summary>What every audit journal must show after a test's sessions.</summary>
public static class AuditJournalAssert
{
    /// <summary>
    /// Each kind as often as the sessions did it, each event once, our serializer, the audit tag, no .NET type name; all
    /// from one node.
    /// </summary>
    public static void HoldsExactly(AuditedSessions sessions, IReadOnlyList<StoredAuditEvent> rows)
    {
        HoldsExactlyFromAnyNode(sessions, rows);
        Assert.Single(rows.Select(r => r.Event.Node).Distinct());
    }

    /// <summary>For each node (host:port as events name it), each kind as often as its sessions did it; and all of <see cref="HoldsExactly"/> but the one node.</summary>
    public static void HoldsExactlyPerNode(IReadOnlyDictionary<string, AuditedSessions> byNode, IReadOnlyList<StoredAuditEvent> rows)
    {
        HoldsExactlyFromAnyNode(byNode.Values.Aggregate(new AuditedSessions(0, 0), (a, b) => a + b), rows);
        var stored = rows.GroupBy(r => r.Event.Node).ToDictionary(g => g.Key, g => g.GroupBy(r => r.Manifest).ToDictionary(k => k.Key, k => k.Count()));
        Assert.Equal(byNode.Where(n => n.Value.Connections > 0).Select(n => n.Key).Order(), stored.Keys.Order());
        foreach (var (node, sessions) in byNode.Where(n => n.Value.Connections > 0))
        {
            Assert.Equal(sessions.ExpectedKinds.OrderBy(kv => kv.Key), stored[node].OrderBy(kv => kv.Key));
        }
    }

    private static void HoldsExactlyFromAnyNode(AuditedSessions sessions, IReadOnlyList<StoredAuditEvent> rows)
    {
        var kinds = rows.GroupBy(r => r.Manifest).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(sessions.ExpectedKinds.OrderBy(kv => kv.Key), kinds.OrderBy(kv => kv.Key));
        Assert.Equal(rows.Count, rows.Select(r => r.Event.EventId).Distinct().Count());
        Assert.All(rows, r =>
        {
            Assert.Equal(AuditSerializer.SerializerId, r.Serializer);
            Assert.Equal(AuditLog.TagsOf(r.Event).Order(), r.Tags.Order());
            Assert.StartsWith($"{{\"kind\":\"{r.Manifest}\",", r.Json);
            Assert.DoesNotContain("$type", r.Json);
            Assert.DoesNotContain("ActorMailProxy", r.Json);
            Assert.DoesNotContain("password", r.Json, StringComparison.OrdinalIgnoreCase);
        });
        var opened = rows.Select(r => r.Event).OfType<ConnectionOpened>().ToList();
        Assert.All(opened, e => Assert.StartsWith("127.0.0.", e.Session.Client));
    }

    public static void NoSecretIn(string text, string where)
    {
        foreach (var secret in AuditedSessions.Secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{where} holds a test password or its PLAIN base64");
        }
    }
}
