using Akka.Actor;
using Akka.Event;
using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// A remote source's answers through the key's sharded entity, which asks the source once per key per TTL for the
/// whole cluster. An entity that does not answer within the shard timeout (its node dead, its shard moving, the
/// coordinator changing hands) is bypassed: this node asks the source itself, so a login waits no longer than that.
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

    /// <summary>The entity's answer as it sent it, or this node's own lookup, fresh for the whole TTL.</summary>
    public async Task<Resolved> ResolveAsync(string key)
    {
        // A token, not Ask's timeout: an Ask timeout of zero would mean none at all.
        using var shardTimeout = new CancellationTokenSource(_settings.ShardTimeout);
        try
        {
            return await _region.Ask<Resolved>(new Resolve(key), shardTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException || (e is OperationCanceledException && shardTimeout.IsCancellationRequested))
        {
            _log.Debug("user map: the shard of \"{0}\" did not answer within {1} ms; this node asks {2}",
                key, _settings.ShardTimeout.TotalMilliseconds, _source.Name);
        }

        var answer = await SourceLookup.LookupAsync(_source, key, _settings.LookupTimeout).ConfigureAwait(false);
        return new Resolved(answer, _settings.FreshFor(answer));
    }

    /// <summary>Drops the entity's answer for one key, wherever the entity lives.</summary>
    public Task InvalidateAsync(string key, CancellationToken cancellationToken) =>
        _region.Ask<Invalidated>(new Invalidate(key), _settings.LookupTimeout + TimeSpan.FromSeconds(2), cancellationToken);

    /// <summary>
    /// Drops the answers of the entities this node hosts, as after a SIGHUP reload of this node's map source. It goes
    /// over the node's event stream, not the region: entities only ask their own node's source, so each node
    /// reloads its source and invalidates its own entities, and no shard needs to enumerate its entities. Every
    /// entity has the invalidation in its mailbox when this returns.
    /// </summary>
    public void InvalidateAll() => _system.EventStream.Publish(NodeInvalidation.Instance);
}
