using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// One user map key of a remote source (sharded by key): answers <see cref="Resolve"/> with <see cref="Resolved"/>
/// from its cache or from the map source, asking the source at most once however many logins ask at the same
/// moment, and never blocking its thread on it. Each reply says how long it stays fresh, so askers may keep it.
/// </summary>
public sealed class UserMapEntity : ReceiveActor
{
    private readonly IMapSource _source;
    private readonly UserMapSettings _settings;
    private readonly Func<DateTimeOffset> _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private UserMapCache<IActorRef> _cache = UserMapCache<IActorRef>.Empty;

    public UserMapEntity(IMapSource source, UserMapSettings settings, Func<DateTimeOffset> clock)
    {
        _source = source;
        _settings = settings;
        _clock = clock;
        Receive<Resolve>(OnResolve);
        Receive<LookupCompleted>(OnLookupCompleted);
        Receive<Invalidate>(_ => OnInvalidate(reply: true));
        Receive<InvalidateAll>(_ => OnInvalidate(reply: true));
        Receive<NodeInvalidation>(_ => OnInvalidate(reply: false));
        Receive<ReceiveTimeout>(_ => OnIdle());
    }

    public static Props Props(IMapSource source, UserMapSettings settings, Func<DateTimeOffset> clock) =>
        Akka.Actor.Props.Create(() => new UserMapEntity(source, settings, clock));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(NodeInvalidation));
        Context.SetReceiveTimeout(_settings.PassivateAfter);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnResolve(Resolve resolve)
    {
        var now = _clock();
        var (next, answerNow, startLookup) = _cache.Ask(Sender, now);
        _cache = next;
        if (answerNow is not null)
        {
            Sender.Tell(new Resolved(answerNow, next.FreshFor(now)));
        }

        if (startLookup)
        {
            // Names the node that is the key's home: operators and the failover tests look for it (with -d).
            _log.Debug("user map: the entity of \"{0}\" asks {1}", resolve.Key, _source.Name);
            var generation = next.Generation;
            SourceLookup.LookupAsync(_source, resolve.Key, _settings.LookupTimeout).PipeTo(
                Self,
                success: answer => new LookupCompleted(answer, generation),
                failure: e => new LookupCompleted(new MapAnswer.Unavailable(e.Message), generation));
        }
    }

    /// <summary>An answer that an invalidation overtook is not cached here, and goes out as fresh for no time at all.</summary>
    private void OnLookupCompleted(LookupCompleted completed)
    {
        var now = _clock();
        var (next, waiting) = _cache.Complete(completed.Answer, completed.Generation, _settings, now);
        _cache = next;
        var reply = new Resolved(completed.Answer, next.FreshFor(now));
        foreach (var asker in waiting)
        {
            asker.Tell(reply);
        }
    }

    private void OnInvalidate(bool reply)
    {
        _cache = _cache.Invalidate();
        if (reply)
        {
            Sender.Tell(Invalidated.Instance);
        }
    }

    private void OnIdle()
    {
        if (_cache.InFlight)
        {
            return;
        }

        Context.SetReceiveTimeout(null);
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    private sealed record LookupCompleted(MapAnswer Answer, long Generation);
}
