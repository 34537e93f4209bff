using Akka.Actor;
using Akka.Event;
using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// A remote source's answers through the key's sharded entity, which asks the source once per key per TTL for the
/// whole cluster. An entity that does not answer within the shard timeout (its node dead, its shard moving, the
/// coordinator changing hands) is bypassed: this node asks the source itself, so a login waits on it no longer than that.
/// </summary>
internal sealed class ShardedUserMap
{
    private readonly ActorSystem _system;
    private readonly IActorRef _region;
    private readonly IMapSource _source;
    private readonly UserMapSettings _settings;
    private readonly ILoggingAdapter _log;

    /// <param name="region">The region from <see cref="UserMapRegion.StartAsync"/>.</param>
    public ShardedUserMap(ActorSystem system, IActorRef region, IMapSource source, UserMapSettings settings)
    {
        _system = system;
        _region = region;
        _source = source;
        _settings = settings;
        _log = Logging.GetLogger(system, typeof(ShardedUserMap));
    }

    /// <summary>
    /// The entity's answer as it sent it, or this node's own lookup, fresh for the whole TTL. Past the shard timeout
    /// both are under way and the first serves: an entity that is slow rather than gone may still answer sooner.
    /// </summary>
    public async Task<Resolved> ResolveAsync(string key)
    {
        var entity = AskEntityAsync(key);
        using (var shardTimeout = new CancellationTokenSource())
        {
            var waited = Task.Delay(_settings.ShardTimeout > TimeSpan.Zero ? _settings.ShardTimeout : TimeSpan.Zero, shardTimeout.Token);
            if (await Task.WhenAny(entity, waited).ConfigureAwait(false) == entity && await entity.ConfigureAwait(false) is { } answered)
            {
                await shardTimeout.CancelAsync().ConfigureAwait(false);
                return answered;
            }
        }

        _log.Debug("user map: the shard of \"{0}\" did not answer within {1} ms; this node asks {2}",
            key, _settings.ShardTimeout.TotalMilliseconds, _source.Name);
        var own = OwnLookupAsync(key);
        return await Task.WhenAny(entity, (Task)own).ConfigureAwait(false) == entity
            && await entity.ConfigureAwait(false) is { Answer: not MapAnswer.Unavailable } late
            ? late
            : await own.ConfigureAwait(false);
    }

    /// <summary>Drops the entity's answer for one key, wherever the entity lives.</summary>
    public Task InvalidateAsync(string key, CancellationToken cancellationToken) =>
        _region.Ask<Invalidated>(new Invalidate(key), _settings.LookupTimeout + TimeSpan.FromSeconds(2), cancellationToken);

    /// <summary>Null when the entity did not answer at all: an entity that answers does so within its lookup timeout.</summary>
    private async Task<Resolved?> AskEntityAsync(string key)
    {
        try
        {
            return await _region.Ask<Resolved>(new Resolve(key), _settings.LookupTimeout + TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException or InvalidCastException)
        {
            return null;
        }
    }

    private async Task<Resolved> OwnLookupAsync(string key)
    {
        var answer = await SourceLookup.LookupAsync(_source, key, _settings.LookupTimeout).ConfigureAwait(false);
        return new Resolved(answer, _settings.FreshFor(answer));
    }

    /// <summary>
    /// Drops the answers of the entities this node hosts, as after a SIGHUP reload of this node's map source. It goes
    /// over the node's event stream, not the region: entities only ask their own node's source, so each node
    /// reloads its source and invalidates its own entities, and no shard needs to enumerate its entities. Every
    /// entity has the invalidation in its mailbox when this returns.
    /// </summary>
    public void InvalidateAll() => _system.EventStream.Publish(NodeInvalidation.Instance);
}
