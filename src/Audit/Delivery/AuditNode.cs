using Akka;
using Akka.Actor;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.Retention;
using ActorMailProxy.Audit.Spool;
using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.Delivery;

/// <summary>
/// A node's part in the cluster's audit: the audit log's region, which every node runs (the log itself lives on one of
/// them), and the node's own publisher, which names events by the node and delivers as this incarnation; what an earlier
/// run of the node left unconfirmed in its spool is delivered first, through the same publisher. Disposing it releases
/// the spool.
/// </summary>
public sealed partial class AuditNode : IDisposable
{
    /// <summary>How long the start waits for the log's first confirmation before the node serves anyway.</summary>
    private static readonly TimeSpan FirstConfirmationWait = TimeSpan.FromSeconds(10);

    /// <summary>How long the stop waits for this node's events to be stored.</summary>
    private static readonly TimeSpan BacklogWait = TimeSpan.FromSeconds(4);

    private readonly AuditTrail _trail;
    private readonly AuditSpool? _spool;
    private readonly ILogger _logger;

    private AuditNode(AuditTrail trail, AuditSpool? spool, ILogger logger)
    {
        _trail = trail;
        _spool = spool;
        _logger = logger;
    }

    /// <summary>Where this node's connections record what happens to them.</summary>
    public IAuditTrail Trail => _trail;

    /// <summary>
    /// Starts the log's region and this node's publisher, and waits a little for the log to confirm a first delivery:
    /// the log starts and creates its tables now rather than at the first connection, and a journal that is down does
    /// not keep the node from serving (events wait for it).
    /// </summary>
    /// <param name="spoolDirectory">Where this node's events wait on disk until stored; null keeps them in memory only.</param>
    /// <param name="node">This node's name in its events: its cluster endpoint, <c>host:port</c>.</param>
    /// <param name="producerId">Differs between nodes and between a node's incarnations.</param>
    /// <param name="severalSeedNodes">The cluster is formed from more than one seed node: a SQLite journal cannot serve it.</param>
    /// <param name="retention">How long the journal keeps events; <see cref="AuditRetentionSettings.Default"/> when null.</param>
    public static async Task<AuditNode> StartAsync(
        ActorSystem system,
        JournalSpec journal,
        AuditLogSettings logSettings,
        AuditPublisherSettings publisherSettings,
        string? spoolDirectory,
        string node,
        string producerId,
        bool severalSeedNodes,
        ILoggerFactory loggers,
        AuditRetentionSettings? retention = null)
    {
        var logger = loggers.CreateLogger<AuditNode>();
        try
        {
            await JournalDatabase.PrepareAsync(journal, CancellationToken.None);
        }
        catch (System.Data.Common.DbException e)
        {
            // The database down at start, or a SQLite file another process holds in the old mode: the node serves anyway,
            // its events wait in the spool, and the plugin reports what it cannot do.
            Log.NotPrepared(logger, journal.Describe(), journal.Redact(e.Message));
        }
        var region = await AuditLogRegion.StartAsync(system, logSettings);
        Log.Journal(logger, journal.Describe());
        if (journal is JournalSpec.Sqlite && severalSeedNodes)
        {
            Log.SqliteOnCluster(logger);
        }
        AuditRetention.Start(system, retention ?? AuditRetentionSettings.Default, AuditRetention.Sweeps(journal), loggers);
        var spool = OpenSpool(spoolDirectory, logger);
        var trail = AuditTrail.Start(system, region, node, producerId, publisherSettings, new AuditPartitions(logSettings.Partitions), spool);
        if (!await trail.ConfirmingAsync(FirstConfirmationWait))
        {
            Log.NotConfirming(logger);
        }
        return new AuditNode(trail, spool, logger);
    }

    /// <summary>The events of the sessions just drained are stored before the node leaves, as far as the wait allows.</summary>
    public async Task<Done> StoreBacklogAsync()
    {
        var deadline = DateTime.UtcNow + BacklogWait;
        while (_trail.Waiting > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        if (_trail.Waiting is var waiting and > 0)
        {
            Log.StoppingWithBacklog(_logger, waiting, _spool is null ? "" : $"; they wait in {_spool.Directory} for the next run");
        }
        return Done.Instance;
    }

    public void Dispose() => _spool?.Dispose();

    /// <summary>
    /// A spool that cannot be used (a disk problem) leaves the node serving, its unstored events in memory only, as before
    /// the spool. A spool another live process holds stops the start (<see cref="SpoolHeldException"/>): the operator gave
    /// two processes one spool (and, with it, mostly one log identity), and the second would run on without a spool unseen.
    /// </summary>
    internal static AuditSpool? OpenSpool(string? directory, ILogger logger)
    {
        if (directory is null)
        {
            Log.SpoolOff(logger);
            return null;
        }
        switch (AuditSpool.Open(directory, problem => Log.SpoolFailed(logger, problem)))
        {
            case SpoolOpening.Opened { Spool: var spool }:
                var left = spool.Leftovers;
                if (left.Events.Count > 0 || left.Torn > 0 || left.Unreadable > 0)
                {
                    Log.SpoolLeftovers(logger, directory, left.Events.Count, left.Segments, left.Torn, left.Unreadable);
                }
                else
                {
                    Log.SpoolEmpty(logger, directory);
                }
                return spool;
            case SpoolOpening.Held:
                throw new SpoolHeldException(directory);
            case SpoolOpening.Failed { Reason: var reason }:
                Log.SpoolUnusable(logger, directory, reason);
                return null;
            default:
                throw new InvalidOperationException("unknown spool opening");
        }
    }
}
