using Akka.Cluster;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.UserMap;

namespace ActorMailProxy.Routing.Tests.UserMap;

public sealed class ShardedUserMapTests : TestKit
{
    private static readonly Akka.Configuration.Config SingleNodeCluster = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.cluster.sharding.state-store-mode = ddata
        akka.cluster.sharding.remember-entities = off
        """);

    private readonly ControlledMapSource _source = new()
    {
        Answer = (key, _) => key.StartsWith("known", StringComparison.Ordinal)
            ? new MapAnswer.Found($"{key}.example.com")
            : MapAnswer.NotFound.Instance,
    };

    public ShardedUserMapTests()
        : base(SingleNodeCluster)
    {
        var cluster = Cluster.Get(Sys);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(up.SetResult);
        cluster.Join(cluster.SelfAddress);
        Assert.True(up.Task.Wait(TimeSpan.FromSeconds(30)), "the single-node cluster did not come up");
    }

    private async Task<ShardedUserMap> UserMap(UserMapSettings? settings = null) =>
        new(Sys, await UserMapRegion.StartAsync(Sys, _source, settings ?? new UserMapSettings()), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Lookups_reach_the_entity_for_each_key_through_the_region()
    {
        var map = await UserMap();

        Assert.Equal(new MapAnswer.Found("known1.example.com"), await map.LookupAsync("known1", CancellationToken.None));
        Assert.Equal(new MapAnswer.Found("known2.example.com"), await map.LookupAsync("known2", CancellationToken.None));
        Assert.Same(MapAnswer.NotFound.Instance, await map.LookupAsync("stranger", CancellationToken.None));
    }

    [Fact]
    public async Task Repeated_lookups_are_answered_by_the_cached_entity()
    {
        var map = await UserMap();

        for (var i = 0; i < 5; i++)
        {
            await map.LookupAsync("known1", CancellationToken.None);
        }

        Assert.Equal(1, _source.Calls);
    }

    [Fact]
    public async Task Invalidating_a_key_makes_its_next_lookup_ask_the_source()
    {
        var map = await UserMap();
        await map.LookupAsync("known1", CancellationToken.None);

        await map.InvalidateAsync("known1", CancellationToken.None);
        await map.LookupAsync("known1", CancellationToken.None);

        Assert.Equal(2, _source.Calls);
    }

    [Fact]
    public async Task Invalidating_all_reaches_the_sharded_entities_of_this_node()
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

        // The answer is cached for a minute, so only a passivated (restarted) entity asks the source again.
        await AwaitConditionAsync(async () =>
        {
            await map.LookupAsync("known1", CancellationToken.None);
            return _source.Calls == 2;
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_region_that_does_not_answer_in_time_is_unavailable()
    {
        var silent = new ShardedUserMap(Sys, CreateTestProbe().Ref, TimeSpan.FromMilliseconds(200));

        var answer = await silent.LookupAsync("known1", CancellationToken.None);

        Assert.Contains("did not answer", Assert.IsType<MapAnswer.Unavailable>(answer).Reason);
    }

    [Fact]
    public async Task A_cancelled_lookup_is_cancelled_not_unavailable()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var silent = new ShardedUserMap(Sys, CreateTestProbe().Ref, TimeSpan.FromSeconds(10));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => silent.LookupAsync("known1", cancelled.Token));
    }
}
