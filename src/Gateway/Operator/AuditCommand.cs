using ActorMailProxy.Audit.Query;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>An audit command as given on the command line; <see cref="Json"/> prints JSON lines instead of perdition's.</summary>
public abstract record AuditCommand(bool Json)
{
    /// <summary><c>audit tail</c>: the newest <paramref name="Count"/> events, oldest first, then (with <paramref name="Follow"/>) each new one.</summary>
    public sealed record Tail(int Count, bool Follow, bool Json) : AuditCommand(Json)
    {
        public override string ToString() => "audit tail";
    }

    /// <summary><c>audit query</c>: every event the filter matches, oldest first.</summary>
    public sealed record Query(AuditFilter Filter, bool Json) : AuditCommand(Json)
    {
        public override string ToString() => "audit query";
    }

    /// <summary><c>audit prune</c>: the expired history deleted at once, as the nodes' retention deletes it, with <paramref name="Before"/> as the cutoff.</summary>
    public sealed record Prune(DateTimeOffset Before) : AuditCommand(Json: false)
    {
        public override string ToString() => "audit prune";
    }
}
