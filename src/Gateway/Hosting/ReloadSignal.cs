using System.Runtime.InteropServices;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.UserMap;
using Serilog;

namespace ActorMailProxy.Gateway.Hosting;

/// <summary>
/// SIGHUP, as perdition: re-read the user map and the certificate; a file that cannot be read keeps the old one.
/// A re-read map drops the answers this node keeps, so its logins see the new map at once.
/// </summary>
public sealed class ReloadSignal : IDisposable
{
    private readonly IMapSource _map;
    private readonly ICachedUserMap _answers;
    private readonly TlsSetup _tls;
    private readonly ILogger _logger;
    private readonly PosixSignalRegistration _registration;

    public ReloadSignal(IMapSource map, ICachedUserMap answers, TlsSetup tls, ILogger logger)
    {
        _map = map;
        _answers = answers;
        _tls = tls;
        _logger = logger;
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSighup);
    }

    public void Dispose() => _registration.Dispose();

    private void OnSighup(PosixSignalContext context)
    {
        context.Cancel = true;
        _logger.Information("SIGHUP: re-reading the user map and the certificate");
        try
        {
            _map.Reload();
            _answers.InvalidateAll();
        }
        catch (Exception e) when (e is IOException or MapSourceException or UnauthorizedAccessException)
        {
            _logger.Error("Re-reading the user map failed, keeping the old one: {Reason}", e.Message);
        }
        try
        {
            _tls.Server?.Reload();
        }
        catch (TlsSetupException e)
        {
            _logger.Error("Re-reading the certificate failed, keeping the old one: {Reason}", e.Message);
        }
    }
}
