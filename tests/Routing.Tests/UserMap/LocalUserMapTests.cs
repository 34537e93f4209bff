using Akka.TestKit.Xunit2;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.UserMap;

namespace ActorMailProxy.Routing.Tests.UserMap;

/// <summary>A local source (file, no map) answered on the node, on an actor system that is no cluster at all.</summary>
public sealed class LocalUserMapTests : TestKit
{
    private static readonly MapAnswer Found = new MapAnswer.Found("mail1");
    private readonly FakeClock _clock = new();

    private NodeUserMap UserMap(ControlledMapSource source, UserMapSettings? settings = null) =>
        new(source, settings ?? new UserMapSettings(), sharded: null, () => _clock.Now);

    private static ControlledMapSource Answering(MapAnswer answer) => new() { Locality = MapLocality.Local, Answer = (_, _) => answer };

    [Fact]
    public async Task A_local_source_starts_no_sharding_and_is_asked_once_per_ttl()
    {
        // Sys has the local actor provider: starting sharding on it would throw.
        var source = Answering(Found);
        var map = await NodeUserMap.StartAsync(Sys, source, new UserMapSettings());

        Assert.Equal(Found, await map.LookupAsync("bob", CancellationToken.None));
        Assert.Equal(Found, await map.LookupAsync("bob", CancellationToken.None));
        Assert.Equal(1, source.Calls);
    }

    [Fact]
    public async Task Found_is_kept_for_the_ttl_and_not_found_for_the_negative_ttl()
    {
        var found = Answering(Found);
        var notFound = Answering(MapAnswer.NotFound.Instance);
        var settings = new UserMapSettings { Ttl = TimeSpan.FromSeconds(60), NegativeTtl = TimeSpan.FromSeconds(10) };
        var (foundMap, notFoundMap) = (UserMap(found, settings), UserMap(notFound, settings));
        await foundMap.LookupAsync("bob", CancellationToken.None);
        await notFoundMap.LookupAsync("bob", CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(10));
        await foundMap.LookupAsync("bob", CancellationToken.None);
        await notFoundMap.LookupAsync("bob", CancellationToken.None);
        Assert.Equal((1, 2), (found.Calls, notFound.Calls));

        _clock.Advance(TimeSpan.FromSeconds(50));
        await foundMap.LookupAsync("bob", CancellationToken.None);
        Assert.Equal(2, found.Calls);
    }

    [Fact]
    public async Task Unavailable_is_never_kept()
    {
        var source = Answering(new MapAnswer.Unavailable("regex took too long"));
        var map = UserMap(source);

        await map.LookupAsync("bob", CancellationToken.None);
        await map.LookupAsync("bob", CancellationToken.None);

        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public async Task A_source_that_never_answers_is_unavailable_after_the_lookup_timeout()
    {
        var map = UserMap(new ControlledMapSource { Locality = MapLocality.Local }, new UserMapSettings { LookupTimeout = TimeSpan.FromMilliseconds(100) });

        var answer = await map.LookupAsync("bob", CancellationToken.None);

        Assert.Contains("no answer", Assert.IsType<MapAnswer.Unavailable>(answer).Reason);
    }

    [Fact]
    public async Task Invalidating_one_key_on_the_node_or_all_makes_the_next_lookup_ask_the_source()
    {
        var source = Answering(Found);
        var map = UserMap(source);
        await map.LookupAsync("bob", CancellationToken.None);
        await map.LookupAsync("nina", CancellationToken.None);

        await map.InvalidateSharedAsync("bob", CancellationToken.None);
        await map.LookupAsync("bob", CancellationToken.None);
        Assert.Equal(2, source.Calls);
        map.InvalidateOnNode("bob");
        await map.LookupAsync("bob", CancellationToken.None);
        await map.LookupAsync("nina", CancellationToken.None);
        Assert.Equal(3, source.Calls);

        map.InvalidateAll();
        await map.LookupAsync("bob", CancellationToken.None);
        await map.LookupAsync("nina", CancellationToken.None);
        Assert.Equal(5, source.Calls);
    }
}
