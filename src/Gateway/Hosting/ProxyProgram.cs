using Akka.Remote.Transport.DotNetty;
using ActorMailProxy.Gateway.Logging;
using ActorMailProxy.Gateway.Operator;
using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Routing.Maps;
using Microsoft.Extensions.Hosting;

namespace ActorMailProxy.Gateway.Hosting;

/// <summary>
/// The executable's flow: read options (exit 2 on a bad one), open the map, run until SIGTERM (exit 0). The operator
/// commands (<c>map …</c>, <c>cluster …</c>, <c>audit …</c>) are told apart by their first word, before any option is read.
/// </summary>
public static class ProxyProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (AdminCommandLine.IsAdminCommand(args))
        {
            return await AdminProgram.RunAsync(args);
        }
        if (AuditCommandLine.IsAuditCommand(args))
        {
            return await AuditProgram.RunAsync(args);
        }
        switch (OptionsLoader.Load(args))
        {
            case LoadResult.Help:
                Console.Out.Write(HelpText.Render());
                return 0;
            case LoadResult.Invalid invalid:
                foreach (var error in invalid.Errors)
                {
                    Console.Error.WriteLine($"actormailproxy: {error}");
                }
                Console.Error.WriteLine("Try 'actormailproxy --help' for the options.");
                return 2;
            case LoadResult.Ready ready:
                return await RunAsync(ready);
            default:
                return 2;
        }
    }

    private static async Task<int> RunAsync(LoadResult.Ready ready)
    {
        var options = ready.Options;
        using var logger = LoggingSetup.Create(options);
        IMapSource map;
        TlsSetup tls;
        DotNettySslSetup? clusterTls;
        try
        {
            map = MapSourceSelection.Create(options, logger);
            tls = TlsSetup.Create(options.Tls, options.Listeners.Select(l => l.ClientTls));
            clusterTls = options.ClusterTls is { } files ? ClusterTls.Load(files) : null;
        }
        catch (MapSourceException e)
        {
            Console.Error.WriteLine($"actormailproxy: option -M/--map_library or -m/--map_library_opt: {e.Message}");
            return 2;
        }
        catch (TlsSetupException e)
        {
            Console.Error.WriteLine($"actormailproxy: {e.Message}");
            return 2;
        }
        foreach (var note in ready.Notes)
        {
            logger.Warning("{Note:l}", note);
        }
        try
        {
            using var host = ProxyHost.Build(options, logger, map, tls, clusterTls);
            await host.RunAsync();
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            logger.Fatal("Cannot start: {Reason}", e.Message);
            Console.Error.WriteLine($"actormailproxy: cannot start: {e.Message}");
            return 1;
        }
    }
}
