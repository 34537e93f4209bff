using System.Net;
using System.Runtime.InteropServices;
using Akka;
using Akka.Actor;
using Akka.Cluster;
using ActorMailProxy.Audit.Delivery;
using ActorMailProxy.Audit.Views;
using ActorMailProxy.Gateway.Admin;
using ActorMailProxy.Gateway.Backend;
using ActorMailProxy.Gateway.Connections;
using ActorMailProxy.Gateway.Limits;
using ActorMailProxy.Gateway.Listening;
using ActorMailProxy.Gateway.Logging;
using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Gateway.Pump;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Routing;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace ActorMailProxy.Gateway.Hosting;

/// <summary>
/// Starts the node's work once the actor system runs: joins the cluster, starts the user map and the admin actor
/// (operator commands), binds the listeners;
/// on stop, stops accepting, lets logged-in sessions finish within the grace time, then closes the rest.
/// </summary>
public sealed class ProxyService(ActorSystem system, ProxyOptions options, IMapSource mapSource, TlsSetup tls, ILogger logger,
    Microsoft.Extensions.Logging.ILoggerFactory loggers) : IHostedService
{
    private readonly NodeConnections _connections = new();
    private readonly List<IActorRef> _listeners = [];
    private PidFile? _pidFile;
    private AuditNode? _audit;
    private AuditViews? _views;
    private PosixSignalRegistration? _sighup;

    /// <summary>Where the listeners are, once started (tests ask; port 0 is not used, but addresses may be "any").</summary>
    public IReadOnlyList<ListenerSpec> Listening { get; private set; } = [];

    public int OpenConnections => _connections.Open;

    /// <summary>This node's audit trail, once started: how many of its events wait to be stored (tests and status ask).</summary>
    public IAuditTrail Audit => _audit?.Trail ?? throw new InvalidOperationException("the proxy has not started");

    /// <summary>This node's projections of the cluster's audit log, once started.</summary>
    public AuditViews Views => _views ?? throw new InvalidOperationException("the proxy has not started");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await JoinClusterAsync(cancellationToken);
        var region = await UserMapRegion.StartAsync(system, mapSource, options.UserMap);
        var userMap = new ShardedUserMap(system, region, options.UserMap.LookupTimeout + TimeSpan.FromSeconds(2));
        var limits = await StartLimitsAsync();
        // Events name this node by its cluster endpoint and are delivered as this incarnation of it.
        var self = Cluster.Get(system).SelfUniqueAddress;
        _audit = await AuditNode.StartAsync(system, options.Journal, options.AuditLog, options.AuditPublisher, options.AuditSpool,
            $"{self.Address.Host}:{self.Address.Port}", NodeId.Of(self), system.Settings.Config.GetStringList("akka.cluster.seed-nodes").Count > 1, loggers);
        _views = await AuditViews.StartAsync(system,
            new AuditViewSettings(options.PopBeforeSmtpTtl, options.PopBeforeSmtpPolicy, options.AuditFeed, options.AuditFeedFormat), loggers);
        system.ActorOf(AdminActor.Props(userMap, () => _connections.Open, _audit.Trail, _views.LastLogins, limits, options.Admin), AdminActor.Name);
        var sockets = ListenerSockets.Bind(options.Listeners);
        var connector = new BackendConnector(new BackendSettings(
            options.BackendConnectTimeout, options.BackendLoginTimeout, options.TcpKeepAlive, options.Session.MaxLineLength,
            [.. options.Listeners.Select(l => l.Endpoint)], tls));
        var log = new SessionLog(logger, options.LogPassword, options.Debug);
        var timeouts = new ConnectionTimeouts(options.AuthenticateTimeout, options.IdleTimeout, options.ClientWriteTimeout, options.ConnectRelog);
        var pump = new SessionPump(options.Splice ? SpliceEngine.Shared : null);
        foreach (var (spec, socket) in sockets)
        {
            // One resolver per listener: each has its own -p port and its own round robin over -s.
            var resolver = new RouteResolver(options.Routing with { OutgoingPort = spec.OutgoingPort }, userMap, ReverseDnsAsync);
            var context = new ConnectionContext(spec.Protocol, options.Session with { Tls = spec.ClientTls }, resolver.ResolveAsync, connector, log, timeouts,
                options.TcpKeepAlive, pump, tls, spec.OutgoingTls, limits, _audit.Trail);
            _listeners.Add(system.ActorOf(ListenerActor.Props(socket, context, _connections), $"listener-{spec.Protocol}-{spec.Endpoint.Port}-{_listeners.Count}"));
        }
        Listening = options.Listeners;
        _pidFile = PidFile.Create(options.PidFile);
        _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSighup);
        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-accepting", StopListeners);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "drain-sessions", DrainAsync);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "store-audit-events", _audit.StoreBacklogAsync);
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "stop-audit-views", async () =>
        {
            if (_views is not null)
            {
                await _views.DisposeAsync();
            }
            return Akka.Done.Instance;
        });
        logger.Information("ActorMailProxy ready: {Listeners}; sessions move by {Pump}", string.Join(", ", options.Listeners), pump.Splices ? "splice" : "copy");
    }

    /// <summary>Whatever stops the node (SIGTERM through the host, or the cluster downing it) runs the same drain.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _sighup?.Dispose();
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        _audit?.Dispose();
        mapSource.Dispose();
        _pidFile?.Dispose();
    }

    /// <summary>Every listening socket is closed before the line that says so, and before connections hear of the shutdown.</summary>
    private async Task<Done> StopListeners()
    {
        await Task.WhenAll(_listeners.Select(listener => listener.Ask<Done>(StopAccepting.Instance, TimeSpan.FromSeconds(5))));
        logger.Information("Shutting down: no new connections; {Open} open, {Grace}s grace", _connections.Open, options.ShutdownGrace.TotalSeconds);
        foreach (var listener in _listeners)
        {
            listener.Tell(Shutdown.Instance);
        }
        return Done.Instance;
    }

    private async Task<Done> DrainAsync()
    {
        await WaitForConnectionsAsync(options.ShutdownGrace);
        if (_connections.Open > 0)
        {
            logger.Information("Grace over: closing {Open} sessions", _connections.Open);
            foreach (var listener in _listeners)
            {
                listener.Tell(Abort.Instance);
            }
            await WaitForConnectionsAsync(TimeSpan.FromSeconds(5));
        }
        return Done.Instance;
    }

    private async Task WaitForConnectionsAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (_connections.Open > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Every node runs the limit keepers' region and answers for the leases it holds, limits set or not: a keeper
    /// recovering asks every member, and the limits are the cluster's, whatever this node's own options say.
    /// </summary>
    private async Task<ClusterLimits> StartLimitsAsync()
    {
        var node = NodeId.Of(Cluster.Get(system).SelfUniqueAddress);
        var registry = new LeaseRegistry();
        system.ActorOf(LeaseRegistryActor.Props(registry, node), LeaseRegistryActor.Name);
        var region = await LimitKeeperRegion.StartAsync(system);
        return new ClusterLimits(region, registry, node, options.Limits);
    }

    /// <summary>With no seed nodes configured this node is a cluster of one and joins itself.</summary>
    private async Task JoinClusterAsync(CancellationToken cancellationToken)
    {
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        if (system.Settings.Config.GetStringList("akka.cluster.seed-nodes").Count == 0)
        {
            cluster.Join(cluster.SelfAddress);
        }
        await up.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    private void OnSighup(PosixSignalContext context)
    {
        context.Cancel = true;
        logger.Information("SIGHUP: re-reading the user map and the certificate");
        try
        {
            mapSource.Reload();
        }
        catch (Exception e) when (e is IOException or MapSourceException or UnauthorizedAccessException)
        {
            logger.Error("Re-reading the user map failed, keeping the old one: {Reason}", e.Message);
        }
        try
        {
            tls.Server?.Reload();
        }
        catch (TlsSetupException e)
        {
            logger.Error("Re-reading the certificate failed, keeping the old one: {Reason}", e.Message);
        }
    }

    private static async Task<string?> ReverseDnsAsync(IPAddress address, CancellationToken ct)
    {
        try
        {
            return (await Dns.GetHostEntryAsync(address.ToString(), ct)).HostName;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
