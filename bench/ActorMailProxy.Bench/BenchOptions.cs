using ActorMailProxy.Bench.Measurements;

namespace ActorMailProxy.Bench;

/// <summary>The bench's command line.</summary>
public sealed record BenchOptions(BenchSettings Settings, IReadOnlyList<string> Targets, string? ProxyAssembly, string? Out, string? Readme, string Command)
{
    /// <summary><c>--cluster</c>: the cluster run (login latency through a three-node cluster, failover) instead of the main one.</summary>
    public bool Cluster { get; init; }

    public ClusterSettings ClusterSettings { get; init; } = new();

    /// <summary><c>--audit-storm</c>: the audit trail under a login storm (one node on SQLite, three on PostgreSQL), and with the trail on vs off.</summary>
    public bool AuditStorm { get; init; }

    public AuditStormSettings AuditStormSettings { get; init; } = new();

    /// <summary><c>--audit-scale</c>: a node restarted on a journal of millions of events.</summary>
    public bool AuditScale { get; init; }

    public AuditScaleSettings AuditScaleSettings { get; init; } = new();

    public BenchDiagnostics Diagnostics { get; init; } = new();

    /// <summary>The options, or null when the command line is not understood.</summary>
    public static BenchOptions? Parse(string[] args)
    {
        var options = new BenchOptions(new BenchSettings(), [], null, null, null, "dotnet ActorMailProxy.Bench.dll " + string.Join(' ', args));
        // Applied after the loop, so that --quick (which replaces the settings) may come before or after them.
        HashSet<Measurement>? only = null;
        var warmUp = true;
        // The audit runs' sizes, applied after the loop like --only.
        double? stormMinutes = null;
        var trailOnly = false;
        long? events = null;
        int? days = null;
        IReadOnlyList<JournalKind>? journals = null;
        IReadOnlyList<string>? persistenceIds = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--quick":
                    options = options with
                    {
                        Settings = BenchSettings.Quick, ClusterSettings = ClusterSettings.Quick,
                        AuditStormSettings = AuditStormSettings.Quick, AuditScaleSettings = AuditScaleSettings.Quick,
                    };
                    continue;
                case "--audit-storm":
                    options = options with { AuditStorm = true };
                    continue;
                case "--audit-scale":
                    options = options with { AuditScale = true };
                    continue;
                case "--trail-only":
                    trailOnly = true;
                    continue;
                case "--storm-minutes" when double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var minutes) && minutes > 0:
                    stormMinutes = minutes;
                    break;
                case "--events" when long.TryParse(value, out var n) && n >= 3:
                    events = n;
                    break;
                case "--days" when int.TryParse(value, out var d) && d > 0:
                    days = d;
                    break;
                case "--journal" when value is "sqlite" or "postgres" or "both":
                    journals = value switch
                    {
                        "sqlite" => [JournalKind.Sqlite],
                        "postgres" => [JournalKind.Postgres],
                        _ => [JournalKind.Sqlite, JournalKind.Postgres],
                    };
                    break;
                case "--persistence-ids" when value is not null && value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } ids:
                    persistenceIds = ids;
                    break;
                case "--cluster":
                    options = options with { Cluster = true };
                    continue;
                case "--no-backlog-wait":
                    options = options with { Diagnostics = options.Diagnostics with { NoBacklogWait = true } };
                    continue;
                case "--no-warm-up":
                    warmUp = false;
                    continue;
                case "--only" when value is not null:
                    only ??= [];
                    foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!Enum.TryParse<Measurement>(name, ignoreCase: true, out var measurement) || !Enum.IsDefined(measurement))
                        {
                            return null;
                        }
                        only.Add(measurement);
                    }
                    break;
                case "--proxy-config" when value is not null:
                    options = options with { Diagnostics = options.Diagnostics with { ProxyConfig = Path.GetFullPath(value) } };
                    break;
                case "--gcdump" when value is not null:
                    options = options with { Diagnostics = options.Diagnostics with { GcDumps = Path.GetFullPath(value) } };
                    break;
                case "--targets" when value is not null:
                    options = options with { Targets = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                    break;
                case "--proxy-assembly" when value is not null:
                    options = options with { ProxyAssembly = value };
                    break;
                case "--out" when value is not null:
                    options = options with { Out = value };
                    break;
                case "--readme" when value is not null:
                    options = options with { Readme = value };
                    break;
                // run.sh names itself, so the report shows the command a reader would type.
                case "--command" when value is not null:
                    options = options with { Command = value };
                    break;
                default:
                    return null;
            }
            i++;
        }
        if (only is { Count: 0 } || (trailOnly && !options.AuditStorm) || (options.AuditStorm ? 1 : 0) + (options.AuditScale ? 1 : 0) + (options.Cluster ? 1 : 0) > 1)
        {
            return null;
        }
        options = options with
        {
            AuditStormSettings = (stormMinutes is { } m ? options.AuditStormSettings with { Storm = TimeSpan.FromMinutes(m) } : options.AuditStormSettings) with
            {
                TrailOnly = trailOnly,
            },
            AuditScaleSettings = options.AuditScaleSettings with
            {
                Events = events ?? options.AuditScaleSettings.Events,
                Days = days ?? options.AuditScaleSettings.Days,
                Journals = journals ?? options.AuditScaleSettings.Journals,
                PersistenceIds = persistenceIds ?? options.AuditScaleSettings.PersistenceIds,
            },
        };
        return options with { Settings = options.Settings with { Measurements = only ?? options.Settings.Measurements, WarmUp = warmUp } };
    }
}
