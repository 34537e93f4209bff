using Akka.Actor;
using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>The route resolver's view of the sharded user map: an ask to the key's entity, wherever it lives.</summary>
public sealed class ShardedUserMap : IUserMap, ICachedUserMap
{
    private readonly ActorSystem _system;
    private readonly IActorRef _region;
    private readonly TimeSpan _askTimeout;

    /// <param name="region">The region from <see cref="UserMapRegion.StartAsync"/>.</param>
    /// <param name="askTimeout">How long a login waits for the entity; longer than the source's lookup timeout.</param>
    public ShardedUserMap(ActorSystem system, IActorRef region, TimeSpan askTimeout)
    {
        _system = system;
        _region = region;
        _askTimeout = askTimeout;
    }

    /// <summary>The entity's answer; an entity that does not answer in time (node down, rebalancing) is Unavailable.</summary>
    public async Task<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _region.Ask<MapAnswer>(new Resolve(key), _askTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return new MapAnswer.Unavailable($"the user map did not answer for \"{key}\" within {_askTimeout.TotalSeconds:0.###} s");
        }
    }

    /// <summary>Drops the cached answer for one key, wherever its entity lives.</summary>
    public Task InvalidateAsync(string key, CancellationToken cancellationToken) =>
        _region.Ask<Invalidated>(new Invalidate(key), _askTimeout, cancellationToken);

    /// <summary>
    /// Drops every cached answer held on this node, as after a SIGHUP reload of this node's map source. It goes
    /// over the node's event stream, not the region: entities only ask their own node's source, so each node
    /// reloads its source and invalidates its own entities, and no shard needs to enumerate its entities.
    /// </summary>
    public void InvalidateAll() => _system.EventStream.Publish(NodeInvalidation.Instance);
}
