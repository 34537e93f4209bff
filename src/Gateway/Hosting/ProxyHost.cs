using Akka.Cluster.Sharding;
using Akka.DistributedData;
using Akka.Hosting;
using Akka.Persistence.Sql;
using Akka.Remote.Transport.DotNetty;
using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Routing.Maps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ILogger = Serilog.ILogger;
using Serilog;

namespace ActorMailProxy.Gateway.Hosting;

/// <summary>The generic host of one node: the actor system (Akka logging bridged to Serilog) and the proxy service.</summary>
public static class ProxyHost
{
    /// <param name="clusterTls">Mutual TLS on the cluster port (<see cref="ClusterTls"/>); null for plain TCP.</param>
    public static IHost Build(ProxyOptions options, ILogger logger, IMapSource mapSource, TlsSetup tls, DotNettySslSetup? clusterTls = null)
    {
        AuditStateFiles.Prepare(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(logger, dispose: false);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownGrace + TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(logger);
        builder.Services.AddSingleton(mapSource);
        builder.Services.AddSingleton(tls);
        builder.Services.AddAkka(ClusterSystem.Name, (akka, _) =>
        {
            akka.AddHocon(options.Akka, HoconAddMode.Prepend);
            if (clusterTls is not null)
            {
                akka.AddSetup(clusterTls);
            }
            // Sharding's and ddata's serializers from the start: a peer's first gossip may arrive before the region starts.
            akka.AddHocon(ClusterSharding.DefaultConfig().WithFallback(DistributedData.DefaultConfig()), HoconAddMode.Append);
            // Akka.Persistence.Sql's own defaults (plugin classes) are not loaded by plain HOCON (notes/akka-feasibility.md §3).
            akka.AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append);
            akka.ConfigureLoggers(setup =>
            {
                setup.LogLevel = options.Debug ? Akka.Event.LogLevel.DebugLevel : options.Quiet ? Akka.Event.LogLevel.ErrorLevel : Akka.Event.LogLevel.InfoLevel;
                setup.ClearLoggers();
                setup.AddLoggerFactory();
            });
        });
        builder.Services.AddSingleton<ProxyService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProxyService>());
        return builder.Build();
    }
}
