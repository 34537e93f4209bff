using Akka.TestKit.Xunit2;
using ActorMailProxy.Tests.Shared;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.UserMap;

namespace ActorMailProxy.Routing.Tests.UserMap;

/// <summary>A remote source through the node's cache and the sharded entities of a one-node cluster, or a region that never answers.</summary>
public sealed class ShardedUserMapTests : TestKit
{
    private static readonly MapAnswer Found = new MapAnswer.Found("mail1");
    private readonly FakeClock _clock = new();

    private readonly ControlledMapSource _source = new()
    {
        Answer = (key, _) => key.StartsWith("known", StringComparison.Ordinal)
            ? new MapAnswer.Found($"{key}.example.com")
            : MapAnswer.NotFound.Instance,
    };

    public ShardedUserMapTests()
        : base(SingleNodeCluster.Config)
    {
        SingleNodeCluster.Join(Sys);
    }

    /// <summary>A shard timeout long enough for a region that allocates its first shards: these tests count the entity's source lookups.</summary>
    private Task<NodeUserMap> UserMap(UserMapSettings? settings = null) =>
        NodeUserMap.StartAsync(Sys, _source, (settings ?? new UserMapSettings()) with { ShardTimeout = TimeSpan.FromSeconds(30) });

    /// <summary>The node's map over a region that is a probe: the test plays the entity, or leaves it silent.</summary>
    private NodeUserMap OverRegion(Akka.TestKit.TestProbe region, UserMapSettings? settings = null)
    {
        settings ??= new UserMapSettings { ShardTimeout = TimeSpan.FromMilliseconds(100) };
        return new NodeUserMap(_source, settings, new ShardedUserMap(Sys, region.Ref, _source, settings), () => _clock.Now);
    }

    [Fact]
    public async Task Lookups_reach_the_entity_for_each_key_through_the_region()
    {
        var map = await UserMap();

        Assert.Equal(new MapAnswer.Found("known1.example.com"), await map.LookupAsync("known1", CancellationToken.None));
        Assert.Equal(new MapAnswer.Found("known2.example.com"), await map.LookupAsync("known2", CancellationToken.None));
        Assert.Same(MapAnswer.NotFound.Instance, await map.LookupAsync("stranger", CancellationToken.None));
    }

    [Fact]
    public async Task A_node_that_dropped_its_copy_gets_the_entitys_cached_answer_without_a_source_lookup()
    {
        var map = await UserMap();
        await map.LookupAsync("known1", CancellationToken.None);

        map.InvalidateOnNode("known1");
        await map.LookupAsync("known1", CancellationToken.None);

        Assert.Equal(1, _source.Calls);
    }

    [Fact]
    public async Task Invalidating_a_key_at_the_entity_and_on_the_node_makes_its_next_lookup_ask_the_source()
    {
        var map = await UserMap();
        await map.LookupAsync("known1", CancellationToken.None);

        await map.InvalidateSharedAsync("known1", CancellationToken.None);
        map.InvalidateOnNode("known1");
        await map.LookupAsync("known1", CancellationToken.None);

        Assert.Equal(2, _source.Calls);
    }

    [Fact]
    public async Task Invalidating_all_reaches_the_node_cache_and_the_sharded_entities_of_this_node()
    {
        var map = await UserMap();
        await map.LookupAsync("known1", CancellationToken.None);
        await map.LookupAsync("known2", CancellationToken.None);

        map.InvalidateAll();
        await map.LookupAsync("known1", CancellationToken.None);
        await map.LookupAsync("known2", CancellationToken.None);

        Assert.Equal(4, _source.Calls);
    }

    [Fact]
    public async Task An_idle_entity_is_passivated_and_a_later_lookup_starts_it_afresh()
    {
        var map = await UserMap(new UserMapSettings { PassivateAfter = TimeSpan.FromMilliseconds(200) });
        await map.LookupAsync("known1", CancellationToken.None);

        // The entity caches the answer for a minute, so only a passivated (restarted) entity asks the source again.
        await AwaitConditionAsync(async () =>
        {
            map.InvalidateOnNode("known1");
            await map.LookupAsync("known1", CancellationToken.None);
            return _source.Calls == 2;
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_region_that_never_answers_is_bypassed_and_the_nodes_own_answer_is_kept()
    {
        var region = CreateTestProbe();
        var map = OverRegion(region);

        var answer = await map.LookupAsync("known1", CancellationToken.None);

        Assert.Equal(new MapAnswer.Found("known1.example.com"), answer);
        Assert.Equal("known1", region.ExpectMsg<Resolve>().Key);
        Assert.Equal(1, _source.Calls);
        Assert.Equal(answer, await map.LookupAsync("known1", CancellationToken.None));
        Assert.Equal(1, _source.Calls);
        Assert.False(region.HasMessages);
    }

    [Fact]
    public async Task An_entity_that_answers_past_the_shard_timeout_but_before_the_nodes_own_lookup_serves()
    {
        var region = CreateTestProbe();
        var pending = new ControlledMapSource();
        var settings = new UserMapSettings { ShardTimeout = TimeSpan.FromMilliseconds(50) };
        var map = new NodeUserMap(pending, settings, new ShardedUserMap(Sys, region.Ref, pending, settings), () => _clock.Now);

        var asked = map.LookupAsync("bob", CancellationToken.None);
        region.ExpectMsg<Resolve>();
        await AwaitConditionAsync(() => Task.FromResult(pending.Calls == 1));
        region.Reply(new Resolved(Found, TimeSpan.FromSeconds(5)));

        Assert.Equal(Found, await asked);
        Assert.Equal(Found, await map.LookupAsync("bob", CancellationToken.None));
        Assert.Equal(1, pending.Calls);
    }

    [Fact]
    public async Task The_nodes_own_answer_lives_for_the_ttl()
    {
        var region = CreateTestProbe();
        var map = OverRegion(region, new UserMapSettings { ShardTimeout = TimeSpan.FromMilliseconds(100), Ttl = TimeSpan.FromSeconds(60) });
        await map.LookupAsync("known1", CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(59));
        await map.LookupAsync("known1", CancellationToken.None);
        Assert.Equal(1, _source.Calls);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await map.LookupAsync("known1", CancellationToken.None);
        Assert.Equal(2, _source.Calls);
    }

    [Fact]
    public async Task An_answer_from_the_entity_is_kept_for_what_remains_of_the_entitys_ttl_only()
    {
        var region = CreateTestProbe();
        var map = OverRegion(region, new UserMapSettings { ShardTimeout = TimeSpan.FromMinutes(1) });

        var asked = map.LookupAsync("bob", CancellationToken.None);
        region.ExpectMsg<Resolve>();
        region.Reply(new Resolved(Found, TimeSpan.FromSeconds(5)));
        Assert.Equal(Found, await asked);

        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(Found, await map.LookupAsync("bob", CancellationToken.None));
        Assert.False(region.HasMessages);
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        _ = map.LookupAsync("bob", CancellationToken.None);
        region.ExpectMsg<Resolve>();
        Assert.Equal(0, _source.Calls);
    }

    [Fact]
    public async Task An_answer_the_entity_sends_fresh_for_no_time_is_not_kept()
    {
        var region = CreateTestProbe();
        var map = OverRegion(region, new UserMapSettings { ShardTimeout = TimeSpan.FromMinutes(1) });

        var asked = map.LookupAsync("bob", CancellationToken.None);
        region.ExpectMsg<Resolve>();
        region.Reply(new Resolved(Found, TimeSpan.Zero));
        await asked;
        _ = map.LookupAsync("bob", CancellationToken.None);

        region.ExpectMsg<Resolve>();
    }

    [Fact]
    public async Task A_cancelled_lookup_is_cancelled_not_unavailable()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var map = OverRegion(CreateTestProbe(), new UserMapSettings { ShardTimeout = TimeSpan.FromMinutes(1) });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => map.LookupAsync("known1", cancelled.Token));
    }
}
