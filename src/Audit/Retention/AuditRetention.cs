using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using ActorMailProxy.Audit.Journal;
using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.Retention;

/// <summary>
/// Deletes expired audit history in the background. One node of the cluster sweeps: the <see cref="RetentionSweeper"/>
/// is a cluster singleton, so another node takes over when that one leaves, and two nodes never delete the same rows at
/// once.
/// </summary>
public static partial class AuditRetention
{
    public const string Name = "audit-retention";

    /// <summary>Every store of audit history that expires, in the order they are swept: the nodes and <c>audit prune</c> run the same.</summary>
    public static IReadOnlyList<IRetentionSweep> Sweeps(JournalSpec journal) => [new JournalRetention(journal), new AuditIndexRetention(journal)];

    /// <summary>
    /// Starts this node's part of the singleton; nothing when <see cref="AuditRetentionSettings.KeepFor"/> is null
    /// (kept for ever). Every node runs it, so that one always sweeps.
    /// </summary>
    public static void Start(ActorSystem system, AuditRetentionSettings settings, IReadOnlyList<IRetentionSweep> sweeps, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(AuditRetention).FullName!);
        if (settings.KeepFor is not { } keepFor)
        {
            Log.KeptForEver(logger);
            return;
        }
        // The singleton's defaults (akka.cluster.singleton) are not loaded until something asks for them.
        system.Settings.InjectTopLevelFallback(ClusterSingleton.DefaultConfig());
        system.ActorOf(ClusterSingletonManager.Props(RetentionSweeper.Props(settings, keepFor, sweeps, TimeProvider.System, logger), PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system)), Name);
        Log.Keeping(logger, Hocon(keepFor), Hocon(settings.SweepEvery));
    }

    /// <summary>A duration as HOCON spells it, as the operator wrote it: 90d, 1h, 30m, 3s, 100ms.</summary>
    internal static string Hocon(TimeSpan span) => span.Ticks switch
    {
        var t when t % TimeSpan.TicksPerDay == 0 => $"{span.TotalDays:0}d",
        var t when t % TimeSpan.TicksPerHour == 0 => $"{span.TotalHours:0}h",
        var t when t % TimeSpan.TicksPerMinute == 0 => $"{span.TotalMinutes:0}m",
        var t when t % TimeSpan.TicksPerSecond == 0 => $"{span.TotalSeconds:0}s",
        _ => $"{span.TotalMilliseconds:0}ms",
    };
}
