using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.UserMap;

namespace ActorMailProxy.Routing.Tests.UserMap;

public sealed class NodeUserMapCacheTests
{
    private static readonly MapAnswer Found = new MapAnswer.Found("mail1");
    private readonly FakeClock _clock = new();
    private readonly List<(string Key, TaskCompletionSource<Resolved> Reply)> _lookups = [];

    private NodeUserMapCache Cache(int capacity = 100) => new(Lookup, capacity, () => _clock.Now);

    private Task<Resolved> Lookup(string key)
    {
        var reply = new TaskCompletionSource<Resolved>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lookups)
        {
            _lookups.Add((key, reply));
        }
        return reply.Task;
    }

    private int Lookups
    {
        get
        {
            lock (_lookups)
            {
                return _lookups.Count;
            }
        }
    }

    private void Reply(int lookup, MapAnswer answer, double freshSeconds) =>
        _lookups[lookup].Reply.SetResult(new Resolved(answer, TimeSpan.FromSeconds(freshSeconds)));

    private async Task<MapAnswer> AnsweredAsync(NodeUserMapCache cache, string key, MapAnswer answer, double freshSeconds)
    {
        var asked = cache.LookupAsync(key, CancellationToken.None);
        Reply(Lookups - 1, answer, freshSeconds);
        return await asked;
    }

    [Fact]
    public async Task An_answer_is_served_from_the_cache_until_its_freshness_ends()
    {
        var cache = Cache();
        Assert.Equal(Found, await AnsweredAsync(cache, "bob", Found, 60));

        _clock.Advance(TimeSpan.FromSeconds(59.9));
        var hit = cache.LookupAsync("bob", CancellationToken.None);
        Assert.True(hit.IsCompletedSuccessfully);
        Assert.Equal(Found, await hit);
        Assert.Equal(1, Lookups);

        _clock.Advance(TimeSpan.FromSeconds(0.1));
        _ = cache.LookupAsync("bob", CancellationToken.None);
        Assert.Equal(2, Lookups);
    }

    [Fact]
    public async Task A_hit_returns_the_same_completed_task_each_time()
    {
        var cache = Cache();
        await AnsweredAsync(cache, "bob", Found, 60);

        Assert.Same(cache.LookupAsync("bob", CancellationToken.None), cache.LookupAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task Freshness_counts_from_when_the_lookup_started_not_when_it_ended()
    {
        var cache = Cache();
        var asked = cache.LookupAsync("bob", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(20));
        Reply(0, Found, 60);
        await asked;

        _clock.Advance(TimeSpan.FromSeconds(39.9));
        await cache.LookupAsync("bob", CancellationToken.None);
        Assert.Equal(1, Lookups);
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        _ = cache.LookupAsync("bob", CancellationToken.None);
        Assert.Equal(2, Lookups);
    }

    [Fact]
    public async Task An_answer_fresh_for_no_time_is_not_kept()
    {
        var cache = Cache();
        var unavailable = new MapAnswer.Unavailable("down");

        Assert.Equal(unavailable, await AnsweredAsync(cache, "bob", unavailable, 0));
        _ = cache.LookupAsync("bob", CancellationToken.None);

        Assert.Equal(2, Lookups);
    }

    [Fact]
    public async Task An_answer_already_stale_when_it_arrives_is_not_kept()
    {
        var cache = Cache();
        var asked = cache.LookupAsync("bob", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(6));
        Reply(0, Found, 5);

        Assert.Equal(Found, await asked);
        _ = cache.LookupAsync("bob", CancellationToken.None);
        Assert.Equal(2, Lookups);
    }

    [Fact]
    public async Task Concurrent_lookups_of_one_key_share_one_lookup_and_all_get_its_answer()
    {
        var cache = Cache();
        var asked = Enumerable.Range(0, 5).Select(_ => cache.LookupAsync("bob", CancellationToken.None)).ToList();
        var other = cache.LookupAsync("nina", CancellationToken.None);

        Assert.Equal(2, Lookups);
        Reply(0, Found, 60);

        Assert.All(await Task.WhenAll(asked), a => Assert.Equal(Found, a));
        Assert.False(other.IsCompleted);
    }

    [Fact]
    public async Task A_lookup_that_an_invalidation_overtook_answers_its_callers_but_is_not_kept()
    {
        var cache = Cache();
        var before = cache.LookupAsync("bob", CancellationToken.None);

        cache.Invalidate("bob");
        var after = cache.LookupAsync("bob", CancellationToken.None);
        Assert.Equal(2, Lookups);
        Reply(0, Found, 60);
        Assert.Equal(Found, await before);

        var changed = new MapAnswer.Found("mail2");
        Reply(1, changed, 60);
        Assert.Equal(changed, await after);
        Assert.Equal(changed, await cache.LookupAsync("bob", CancellationToken.None));
        Assert.Equal(2, Lookups);
    }

    [Fact]
    public async Task Clearing_drops_every_answer_and_every_lookup_in_flight()
    {
        var cache = Cache();
        await AnsweredAsync(cache, "bob", Found, 60);
        var inFlight = cache.LookupAsync("nina", CancellationToken.None);

        cache.Clear();
        Reply(1, Found, 60);
        await inFlight;
        _ = cache.LookupAsync("bob", CancellationToken.None);
        _ = cache.LookupAsync("nina", CancellationToken.None);

        Assert.Equal(4, Lookups);
    }

    [Fact]
    public async Task A_lookup_that_throws_is_unavailable_and_not_kept()
    {
        var calls = 0;
        var cache = new NodeUserMapCache(_ => { calls++; throw new InvalidOperationException("region stopped"); }, 100, () => _clock.Now);

        var answer = await cache.LookupAsync("bob", CancellationToken.None);
        await cache.LookupAsync("bob", CancellationToken.None);

        Assert.Contains("region stopped", Assert.IsType<MapAnswer.Unavailable>(answer).Reason);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_caller_that_gives_up_stops_waiting_and_the_others_still_get_the_answer()
    {
        var cache = Cache();
        using var giveUp = new CancellationTokenSource();
        var impatient = cache.LookupAsync("bob", giveUp.Token);
        var patient = cache.LookupAsync("bob", CancellationToken.None);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        Reply(0, Found, 60);

        Assert.Equal(Found, await patient);
        Assert.Equal(1, Lookups);
    }

    [Fact]
    public async Task At_the_capacity_expired_answers_are_dropped_first()
    {
        var cache = Cache(capacity: 10);
        for (var i = 0; i < 10; i++)
        {
            await AnsweredAsync(cache, $"user{i}", Found, i < 5 ? 10 : 60);
        }
        _clock.Advance(TimeSpan.FromSeconds(30));

        await AnsweredAsync(cache, "user10", Found, 60);

        Assert.Equal(6, cache.Count);
        for (var i = 5; i <= 10; i++)
        {
            await cache.LookupAsync($"user{i}", CancellationToken.None);
        }
        Assert.Equal(11, Lookups);
    }

    [Fact]
    public async Task At_the_capacity_of_fresh_answers_some_are_dropped_and_the_new_one_is_kept()
    {
        var cache = Cache(capacity: 10);
        for (var i = 0; i < 25; i++)
        {
            await AnsweredAsync(cache, $"user{i}", Found, 60);
            Assert.InRange(cache.Count, 1, 10);
        }

        await cache.LookupAsync("user24", CancellationToken.None);
        Assert.Equal(25, Lookups);
    }
}
