using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.UserMap;

namespace ActorMailProxy.Routing.Tests.UserMap;

public sealed class UserMapCacheTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly UserMapSettings Settings = new() { Ttl = TimeSpan.FromSeconds(60), NegativeTtl = TimeSpan.FromSeconds(10) };
    private static readonly MapAnswer Found = new MapAnswer.Found("mail1");

    private static UserMapCache<string> Answered(MapAnswer answer, DateTimeOffset at)
    {
        var (asking, _, _) = UserMapCache<string>.Empty.Ask("first", at);
        return asking.Complete(answer, asking.Generation, Settings, at).Next;
    }

    [Fact]
    public void The_first_ask_starts_a_lookup_and_waits_for_it()
    {
        var (next, answerNow, start) = UserMapCache<string>.Empty.Ask("a", T0);

        Assert.True(start);
        Assert.Null(answerNow);
        Assert.True(next.InFlight);
        Assert.Equal(["a"], next.Waiting);
    }

    [Fact]
    public void Asks_during_a_lookup_join_it_instead_of_starting_another()
    {
        var (first, _, _) = UserMapCache<string>.Empty.Ask("a", T0);
        var (second, answerNow, start) = first.Ask("b", T0);
        var (third, _, startAgain) = second.Ask("c", T0);

        Assert.False(start || startAgain);
        Assert.Null(answerNow);
        Assert.Equal(["a", "b", "c"], third.Waiting);
    }

    [Fact]
    public void Completion_answers_every_waiting_asker_and_clears_the_queue()
    {
        var (state, _, _) = UserMapCache<string>.Empty.Ask("a", T0);
        (state, _, _) = state.Ask("b", T0);

        var (next, answer) = state.Complete(Found, state.Generation, Settings, T0);

        Assert.Equal(["a", "b"], answer);
        Assert.False(next.InFlight);
        Assert.Empty(next.Waiting);
    }

    [Fact]
    public void A_found_answer_is_reused_until_the_ttl_ends()
    {
        var state = Answered(Found, T0);

        Assert.Equal((Found, false), (state.Ask("x", T0.AddSeconds(59.9)).AnswerNow, state.Ask("x", T0.AddSeconds(59.9)).StartLookup));
        Assert.True(state.Ask("x", T0.AddSeconds(60)).StartLookup);
    }

    [Fact]
    public void Not_found_is_reused_only_for_the_shorter_negative_ttl()
    {
        var state = Answered(MapAnswer.NotFound.Instance, T0);

        Assert.Same(MapAnswer.NotFound.Instance, state.Ask("x", T0.AddSeconds(9)).AnswerNow);
        Assert.True(state.Ask("x", T0.AddSeconds(10)).StartLookup);
    }

    [Fact]
    public void Unavailable_is_never_reused()
    {
        var state = Answered(new MapAnswer.Unavailable("down"), T0);

        Assert.Null(state.Cached);
        Assert.True(state.Ask("x", T0).StartLookup);
    }

    [Fact]
    public void Invalidate_drops_the_cached_answer()
    {
        var state = Answered(Found, T0).Invalidate();

        Assert.True(state.Ask("x", T0).StartLookup);
    }

    [Fact]
    public void A_lookup_started_before_an_invalidation_answers_its_askers_but_is_not_cached()
    {
        var (state, _, _) = UserMapCache<string>.Empty.Ask("a", T0);
        var startedIn = state.Generation;
        state = state.Invalidate();

        var (next, answer) = state.Complete(Found, startedIn, Settings, T0);

        Assert.Equal(["a"], answer);
        Assert.Null(next.Cached);
        Assert.True(next.Ask("b", T0).StartLookup);
    }

    [Fact]
    public void An_expired_answer_is_dropped_when_a_new_lookup_starts()
    {
        var state = Answered(Found, T0);

        var (next, _, _) = state.Ask("x", T0.AddMinutes(5));

        Assert.Null(next.Cached);
    }
}
