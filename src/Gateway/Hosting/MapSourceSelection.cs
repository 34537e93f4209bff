using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.UserMap;
using Serilog;

namespace ActorMailProxy.Gateway.Hosting;

/// <summary>
/// Opens the map -M/-m name. perdition's default map (no -m given) may be absent: then the proxy runs with an
/// empty map, so only --outgoing_server routes; a map named on purpose that cannot be read stops start-up.
/// </summary>
public static class MapSourceSelection
{
    public static IMapSource Create(ProxyOptions options, ILogger logger)
    {
        if (!options.Routing.HasMap)
        {
            return MapSourceFactory.Create("", "");
        }
        try
        {
            return MapSourceFactory.Create(options.Map.Library, options.Map.Option);
        }
        catch (MapSourceException e) when (!options.Map.OptionGiven)
        {
            logger.Warning("No user map: {Reason}; only --outgoing_server routes logins", e.Message);
            return MapSourceFactory.Create("", "");
        }
    }
}
