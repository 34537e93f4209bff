using Akka;
using Akka.Actor;
using Akka.Cluster;
using ActorMailProxy.Audit.Delivery;
using ActorMailProxy.Audit.Views;
using ActorMailProxy.Gateway.Listening;
using ActorMailProxy.Gateway.Operator;
using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Routing.Limits;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.UserMap;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace ActorMailProxy.Gateway.Hosting;

/// <summary>
/// A node's life in order, each concern started by its own type: join the cluster; the user map, the limits, the
/// audit trail and its views; the admin actor (operator commands); the listeners. On stop: no new connections,
/// logged-in sessions finish within the grace, the rest are closed, the audit backlog is stored.
/// </summary>
public sealed class ProxyService(ActorSystem system, ProxyOptions options, IMapSource mapSource, TlsSetup tls, ILogger logger,
    Microsoft.Extensions.Logging.ILoggerFactory loggers) : IHostedService
{
    private readonly NodeListeners _listeners = new(system);
    private PidFile? _pidFile;
    private AuditNode? _audit;
    private AuditViews? _views;
    private ReloadSignal? _reload;

    /// <summary>Where the listeners are, once started (tests ask; port 0 is not used, but addresses may be "any").</summary>
    public IReadOnlyList<ListenerSpec> Listening { get; private set; } = [];

    public int OpenConnections => _listeners.Open;

    /// <summary>This node's audit trail, once started: how many of its events wait to be stored (tests and status ask).</summary>
    public IAuditTrail Audit => _audit?.Trail ?? throw new InvalidOperationException("the proxy has not started");

    /// <summary>This node's projections of the cluster's audit log, once started.</summary>
    public AuditViews Views => _views ?? throw new InvalidOperationException("the proxy has not started");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ClusterJoin.JoinAsync(system, cancellationToken);
        var userMap = await NodeUserMap.StartAsync(system, mapSource, options.UserMap);
        var limits = await ClusterLimits.StartAsync(system, options.Limits);
        // Events name this node by its cluster endpoint and are delivered as this incarnation of it.
        var self = Cluster.Get(system).SelfUniqueAddress;
        _audit = await AuditNode.StartAsync(system, options.Journal, options.AuditLog, options.AuditPublisher, options.AuditSpool,
            $"{self.Address.Host}:{self.Address.Port}", NodeId.Of(self), ClusterJoin.SeedCount(system) > 1, loggers, options.AuditRetention);
        _views = await AuditViews.StartAsync(system,
            new AuditViewSettings(options.Journal, options.PopBeforeSmtpTtl, options.AuditIndex, options.PopBeforeSmtpPolicy, options.AuditFeed, options.AuditFeedFormat),
            loggers);
        system.ActorOf(AdminActor.Props(userMap, () => _listeners.Open, _audit.Trail, _views.LastLogins, limits, options.Admin), AdminActor.Name);
        var services = ConnectionContexts.Services(options, tls, limits, ConnectionTrail(), logger);
        _listeners.Start(ConnectionContexts.ForListeners(options, ListenerSockets.Bind(options.Listeners), services, userMap));
        Listening = options.Listeners;
        _pidFile = PidFile.Create(options.PidFile);
        _reload = new ReloadSignal(mapSource, userMap, tls, logger);
        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-accepting", StopAcceptingAsync);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "drain-sessions", DrainAsync);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "store-audit-events", _audit.StoreBacklogAsync);
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "stop-audit-views", async () =>
        {
            await _views.DisposeAsync();
            return Done.Instance;
        });
        logger.Information("ActorMailProxy ready: {Listeners}; sessions move by {Pump}", string.Join(", ", options.Listeners), services.Pump.Splices ? "splice" : "copy");
    }

    /// <summary>What connections record to: the node's trail, or with mailproxy.audit.enabled = off one that keeps nothing.</summary>
    private IAuditTrail ConnectionTrail()
    {
        if (options.AuditEnabled)
        {
            return _audit!.Trail;
        }
        logger.Warning("Audit trail off (mailproxy.audit.enabled = off): connections record no events");
        return new DiscardingAuditTrail(_audit!.Trail.Node);
    }

    /// <summary>Whatever stops the node (SIGTERM through the host, or the cluster downing it) runs the same drain.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _reload?.Dispose();
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        _audit?.Dispose();
        mapSource.Dispose();
        _pidFile?.Dispose();
    }

    /// <summary>Every listening socket is closed before the line that says so, and before connections hear of the shutdown.</summary>
    private async Task<Done> StopAcceptingAsync()
    {
        await _listeners.StopAcceptingAsync();
        logger.Information("Shutting down: no new connections; {Open} open, {Grace}s grace", _listeners.Open, options.ShutdownGrace.TotalSeconds);
        _listeners.TellShutdown();
        return Done.Instance;
    }

    private async Task<Done> DrainAsync()
    {
        if (!await _listeners.WaitForNoneAsync(options.ShutdownGrace))
        {
            logger.Information("Grace over: closing {Open} sessions", _listeners.Open);
            _listeners.Abort();
            await _listeners.WaitForNoneAsync(TimeSpan.FromSeconds(5));
        }
        return Done.Instance;
    }
}
