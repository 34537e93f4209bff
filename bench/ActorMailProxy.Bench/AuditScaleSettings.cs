namespace ActorMailProxy.Bench;

/// <summary>Which journal the scale bench builds: <c>--journal sqlite|postgres|both</c>.</summary>
public enum JournalKind
{
    Sqlite,
    Postgres,
}

/// <summary>How large a journal the audit scale bench (<c>--audit-scale</c>) builds, and how long it waits for a node on it.</summary>
public sealed record AuditScaleSettings
{
    /// <summary><c>--events</c>: the ten million.</summary>
    public long Events { get; init; } = 10_000_000;

    /// <summary><c>--days</c>: the span the events are spread over, ending ten minutes before the build ends.</summary>
    public int Days { get; init; } = 60;

    public IReadOnlyList<JournalKind> Journals { get; init; } = [JournalKind.Sqlite, JournalKind.Postgres];

    /// <summary><c>--persistence-ids</c>: the log's partitions the events go to, round robin; <c>audit-log</c> alone is today's single log.</summary>
    public IReadOnlyList<string> PersistenceIds { get; init; } = ["audit-log-0", "audit-log-1", "audit-log-2", "audit-log-3"];

    /// <summary>The longest any one wait (ready, policy, each query) may take before it is reported as over this.</summary>
    public TimeSpan Cap { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The node's start over which its CPU and peak memory are read.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A smoke run: a small journal, the same measurements.</summary>
    public static AuditScaleSettings Quick { get; } = new() { Events = 200_000 };
}
