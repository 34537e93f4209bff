using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit.Xunit2;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.UserMap;

namespace ActorMailProxy.Routing.Tests.UserMap;

public sealed class UserMapEntityTests : TestKit
{
    private static readonly MapAnswer Found = new MapAnswer.Found("mail1");
    private readonly FakeClock _clock = new();

    private IActorRef Entity(IMapSource source, UserMapSettings? settings = null) =>
        Sys.ActorOf(UserMapEntity.Props(source, settings ?? new UserMapSettings(), () => _clock.Now));

    private static ControlledMapSource Answering(MapAnswer answer) => new() { Answer = (_, _) => answer };

    private static Resolved FreshFor(MapAnswer answer, double seconds) => new(answer, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void A_found_answer_is_served_from_the_cache_until_the_ttl_ends()
    {
        var source = Answering(Found);
        var entity = Entity(source, new UserMapSettings { Ttl = TimeSpan.FromSeconds(60) });

        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(Found, 60));
        _clock.Advance(TimeSpan.FromSeconds(59));
        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(Found, 1));
        Assert.Equal(1, source.Calls);

        _clock.Advance(TimeSpan.FromSeconds(1));
        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(Found, 60));
        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public void Not_found_is_cached_for_the_negative_ttl()
    {
        var source = Answering(MapAnswer.NotFound.Instance);
        var entity = Entity(source, new UserMapSettings { NegativeTtl = TimeSpan.FromSeconds(10) });

        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(MapAnswer.NotFound.Instance, 10));
        _clock.Advance(TimeSpan.FromSeconds(9));
        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(MapAnswer.NotFound.Instance, 1));
        Assert.Equal(1, source.Calls);

        _clock.Advance(TimeSpan.FromSeconds(1));
        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(MapAnswer.NotFound.Instance, 10));
        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public void Unavailable_is_not_cached_and_goes_out_fresh_for_no_time()
    {
        var source = Answering(new MapAnswer.Unavailable("down"));
        var entity = Entity(source);

        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(new MapAnswer.Unavailable("down"), 0));
        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(new MapAnswer.Unavailable("down"), 0));

        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public void Concurrent_asks_share_one_source_call_and_all_get_its_answer()
    {
        var source = new ControlledMapSource();
        var entity = Entity(source);
        var askers = Enumerable.Range(0, 5).Select(_ => CreateTestProbe()).ToList();

        askers.ForEach(p => entity.Tell(new Resolve("bob"), p.Ref));
        AwaitCondition(() => source.Calls == 1);
        source.Complete(Found);

        askers.ForEach(p => p.ExpectMsg(FreshFor(Found, 60)));
        Assert.Equal(1, source.Calls);
    }

    [Fact]
    public void A_source_that_throws_gives_unavailable()
    {
        var entity = Entity(new ControlledMapSource { Answer = (_, _) => throw new InvalidOperationException("connection refused") });

        entity.Tell(new Resolve("bob"));

        Assert.Contains("connection refused", Assert.IsType<MapAnswer.Unavailable>(ExpectMsg<Resolved>().Answer).Reason);
    }

    [Fact]
    public void A_source_that_never_answers_gives_unavailable_after_the_lookup_timeout()
    {
        var entity = Entity(new ControlledMapSource(), new UserMapSettings { LookupTimeout = TimeSpan.FromMilliseconds(200) });

        entity.Tell(new Resolve("bob"));

        Assert.Contains("no answer", Assert.IsType<MapAnswer.Unavailable>(ExpectMsg<Resolved>(TimeSpan.FromSeconds(10)).Answer).Reason);
    }

    [Fact]
    public void A_blocking_source_does_not_block_the_entity()
    {
        using var release = new ManualResetEventSlim();
        var source = new ControlledMapSource { Answer = (_, _) => { release.Wait(); return Found; } };
        var entity = Entity(source);

        entity.Tell(new Resolve("bob"));
        AwaitCondition(() => source.Calls == 1);
        entity.Tell(new Invalidate("bob"));
        ExpectMsg(Invalidated.Instance);

        release.Set();
        Assert.Equal(Found, ExpectMsg<Resolved>().Answer);
    }

    [Fact]
    public void Invalidate_makes_the_next_ask_go_to_the_source()
    {
        var source = Answering(Found);
        var entity = Entity(source);
        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(Found, 60));

        entity.Tell(new Invalidate("bob"));
        ExpectMsg(Invalidated.Instance);
        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(Found, 60));

        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public void A_lookup_in_flight_during_an_invalidation_is_delivered_fresh_for_no_time_and_not_cached()
    {
        var source = new ControlledMapSource();
        var entity = Entity(source);
        entity.Tell(new Resolve("bob"));
        AwaitCondition(() => source.Calls == 1);

        entity.Tell(new Invalidate("bob"));
        ExpectMsg(Invalidated.Instance);
        source.Complete(Found);
        ExpectMsg(FreshFor(Found, 0));

        entity.Tell(new Resolve("bob"));
        AwaitCondition(() => source.Calls == 2);
    }

    [Fact]
    public void Invalidate_all_of_the_node_clears_every_entity_without_replying()
    {
        var source = Answering(Found);
        var entities = new[] { Entity(source), Entity(source) };
        foreach (var entity in entities)
        {
            entity.Tell(new Resolve("k"));
            ExpectMsg(FreshFor(Found, 60));
        }

        // Publishing enqueues the invalidation in every entity's mailbox before it returns, so ahead of the asks below.
        new ShardedUserMap(Sys, ActorRefs.Nobody, source, new UserMapSettings()).InvalidateAll();
        foreach (var entity in entities)
        {
            entity.Tell(new Resolve("k"));
            ExpectMsg(FreshFor(Found, 60));
        }

        Assert.Equal(4, source.Calls);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Invalidate_all_sent_to_an_entity_is_answered_and_clears_it()
    {
        var source = Answering(Found);
        var entity = Entity(source);
        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(Found, 60));

        entity.Tell(InvalidateAll.Instance);
        ExpectMsg(Invalidated.Instance);
        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(Found, 60));

        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public void An_idle_entity_asks_its_parent_to_passivate_it()
    {
        var entity = ChildActorOf(UserMapEntity.Props(Answering(Found), new UserMapSettings { PassivateAfter = TimeSpan.FromMilliseconds(100) }, () => _clock.Now));

        entity.Tell(new Resolve("bob"));
        ExpectMsg(FreshFor(Found, 60));

        Assert.Equal(PoisonPill.Instance, ExpectMsg<Passivate>(TimeSpan.FromSeconds(10)).StopMessage);
    }

    [Fact]
    public void An_entity_with_a_lookup_in_flight_is_not_passivated()
    {
        var source = new ControlledMapSource();
        var settings = new UserMapSettings { PassivateAfter = TimeSpan.FromMilliseconds(50), LookupTimeout = TimeSpan.FromMinutes(1) };
        var entity = ChildActorOf(UserMapEntity.Props(source, settings, () => _clock.Now));

        entity.Tell(new Resolve("bob"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        source.Complete(Found);

        ExpectMsg(FreshFor(Found, 60));
        ExpectMsg<Passivate>(TimeSpan.FromSeconds(10));
    }
}
