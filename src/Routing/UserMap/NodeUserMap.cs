using Akka.Actor;
using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// The user map as this node's logins see it: this node's cache first. On a miss, a local source (a file, no map)
/// is asked right here; a remote one (SQL) through its sharded entity, with this node asking the source itself when
/// the entity does not answer within the shard timeout. A cache hit asks no actor and no other node.
/// </summary>
public sealed class NodeUserMap : IUserMap, ICachedUserMap
{
    private readonly NodeUserMapCache _cache;
    private readonly ShardedUserMap? _sharded;

    /// <param name="sharded">The sharded entities for a remote source; null to ask the source on this node.</param>
    internal NodeUserMap(IMapSource source, UserMapSettings settings, ShardedUserMap? sharded, Func<DateTimeOffset> clock)
    {
        _sharded = sharded;
        Func<string, Task<Resolved>> lookup = sharded is null
            ? async key =>
            {
                var answer = await SourceLookup.LookupAsync(source, key, settings.LookupTimeout).ConfigureAwait(false);
                return new Resolved(answer, settings.FreshFor(answer));
            }
            : sharded.ResolveAsync;
        _cache = new NodeUserMapCache(lookup, settings.NodeCacheCapacity, clock);
    }

    /// <summary>
    /// Starts what the source needs on this node: for a remote source this node's part of the sharded region; for a
    /// local one nothing, so neither sharding nor its coordinator is on the way of a login.
    /// </summary>
    public static async Task<NodeUserMap> StartAsync(ActorSystem system, IMapSource source, UserMapSettings settings)
    {
        var sharded = source.Locality == MapLocality.Remote
            ? new ShardedUserMap(system, await UserMapRegion.StartAsync(system, source, settings).ConfigureAwait(false), source, settings)
            : null;
        return new NodeUserMap(source, settings, sharded, () => DateTimeOffset.UtcNow);
    }

    public Task<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken) => _cache.LookupAsync(key, cancellationToken);

    public Task InvalidateSharedAsync(string key, CancellationToken cancellationToken) =>
        _sharded?.InvalidateAsync(key, cancellationToken) ?? Task.CompletedTask;

    public void InvalidateOnNode(string key) => _cache.Invalidate(key);

    /// <summary>This node's entities first: a lookup in between then reaches a cleared entity, not a stale one.</summary>
    public void InvalidateAll()
    {
        _sharded?.InvalidateAll();
        _cache.Clear();
    }
}
