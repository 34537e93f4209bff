namespace ActorMailProxy.Bench;

/// <summary>How long and how hard the audit storm (<c>--audit-storm</c>) runs; the defaults are the ten minutes.</summary>
public sealed record AuditStormSettings
{
    /// <summary>The storm on each setup (<c>--storm-minutes</c>).</summary>
    public TimeSpan Storm { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>One per Dovecot login user: two POP3 sessions of one user at once would contend for its mailbox lock.</summary>
    public int Clients { get; init; } = 32;

    public int Nodes { get; init; } = 3;

    /// <summary>Unmeasured logins first, for .NET's JIT, as the main run gives every .NET target.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the backlog is read (<c>cluster status</c>, about a CPU second each).</summary>
    public TimeSpan Sample { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Each turn of the trail on/off comparison; the two nodes take turns, <see cref="ComparisonRounds"/> each.</summary>
    public TimeSpan ComparisonTurn { get; init; } = TimeSpan.FromMinutes(1);

    public int ComparisonRounds { get; init; } = 2;

    /// <summary>Only the trail on/off comparison, no storm (<c>--trail-only</c>): a diagnostic run, reported in results/partial.md.</summary>
    public bool TrailOnly { get; init; }

    /// <summary>How long the nodes may take to store their backlog after a storm before the count is taken anyway.</summary>
    public TimeSpan DrainLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A smoke run of the whole pipeline: a one-minute storm per setup, short comparison turns.</summary>
    public static AuditStormSettings Quick { get; } = new()
    {
        Storm = TimeSpan.FromMinutes(1),
        WarmUp = TimeSpan.FromSeconds(5),
        Sample = TimeSpan.FromSeconds(5),
        ComparisonTurn = TimeSpan.FromSeconds(20),
        DrainLimit = TimeSpan.FromMinutes(5),
    };
}
