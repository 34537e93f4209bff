using Akka.Actor;
using Akka.Cluster.Sharding;
using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// One user map key (sharded by key): answers <see cref="Resolve"/> from its cache or from the map source, asking
/// the source at most once however many logins ask at the same moment, and never blocking its thread on it.
/// </summary>
public sealed class UserMapEntity : ReceiveActor
{
    private readonly IMapSource _source;
    private readonly UserMapSettings _settings;
    private readonly Func<DateTimeOffset> _clock;
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
        var (next, answerNow, startLookup) = _cache.Ask(Sender, _clock());
        _cache = next;
        if (answerNow is not null)
        {
            Sender.Tell(answerNow);
        }

        if (startLookup)
        {
            var generation = next.Generation;
            LookupAsync(_source, resolve.Key, _settings.LookupTimeout).PipeTo(
                Self,
                success: answer => new LookupCompleted(answer, generation),
                failure: e => new LookupCompleted(new MapAnswer.Unavailable(e.Message), generation));
        }
    }

    private void OnLookupCompleted(LookupCompleted completed)
    {
        var (next, waiting) = _cache.Complete(completed.Answer, completed.Generation, _settings, _clock());
        _cache = next;
        foreach (var asker in waiting)
        {
            asker.Tell(completed.Answer);
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

    /// <summary>Runs the source on the thread pool and turns a timeout or an exception into Unavailable.</summary>
    private static async Task<MapAnswer> LookupAsync(IMapSource source, string key, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            // Task.Run: a source that blocks before its first await must not hold the dispatcher's thread;
            // WaitAsync: a source that ignores its token must not hold the askers.
            return await Task.Run(() => source.LookupAsync(key, cancellation.Token).AsTask(), cancellation.Token)
                .WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            return new MapAnswer.Unavailable($"{source.Name}: no answer for \"{key}\" within {timeout.TotalSeconds:0.###} s");
        }
        catch (Exception e)
        {
            return new MapAnswer.Unavailable($"{source.Name}: {e.Message}");
        }
    }

    private sealed record LookupCompleted(MapAnswer Answer, long Generation);
}
