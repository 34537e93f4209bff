using System.Collections.Immutable;
using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// The state of one user map entity: the cached answer, and who waits while a lookup is in flight. Pure: the
/// actor feeds it asks, completions and the time, and carries out what it returns.
/// </summary>
/// <typeparam name="TAsker">Who gets the answer; an actor reference in the entity.</typeparam>
internal sealed record UserMapCache<TAsker>
{
    public static UserMapCache<TAsker> Empty { get; } = new();

    public CachedAnswer? Cached { get; init; }

    public bool InFlight { get; init; }

    public ImmutableList<TAsker> Waiting { get; init; } = [];

    /// <summary>Counts invalidations, so a lookup that started before one is not cached after it.</summary>
    public long Generation { get; init; }

    /// <summary>
    /// An asker arrives: answer from the cache, or join the lookup in flight, or start one
    /// (<c>StartLookup</c>, to be completed with the returned state's <see cref="Generation"/>).
    /// </summary>
    public (UserMapCache<TAsker> Next, MapAnswer? AnswerNow, bool StartLookup) Ask(TAsker asker, DateTimeOffset now)
    {
        if (Cached is { } cached && cached.IsFreshAt(now))
        {
            return (this, cached.Answer, false);
        }

        var next = this with { Cached = null, Waiting = Waiting.Add(asker), InFlight = true };
        return (next, null, !InFlight);
    }

    /// <summary>A lookup finished: everyone waiting gets <paramref name="answer"/>, which is cached unless invalidated since.</summary>
    public (UserMapCache<TAsker> Next, IReadOnlyList<TAsker> Answer) Complete(
        MapAnswer answer, long generation, UserMapSettings settings, DateTimeOffset now)
    {
        var next = this with
        {
            InFlight = false,
            Waiting = [],
            Cached = generation == Generation ? CachedAnswer.For(answer, settings, now) : null,
        };
        return (next, Waiting);
    }

    /// <summary>How much longer the cached answer may be reused, for askers that keep it themselves; zero when none is.</summary>
    public TimeSpan FreshFor(DateTimeOffset now) => Cached?.FreshFor(now) ?? TimeSpan.Zero;

    public UserMapCache<TAsker> Invalidate() => this with { Cached = null, Generation = Generation + 1 };
}
