using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using ActorMailProxy.Routing.Limits;

namespace ActorMailProxy.Routing.Tests.Limits;

/// <summary>
/// Admission through real cluster nodes (two actor systems in this process on 127.0.0.1): which keys a request
/// takes, what a refusal gives back, and places lent between the nodes when one's share is full.
/// </summary>
public sealed class ClusterLimitsTests : IAsyncLifetime
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.1");
    private readonly List<ActorSystem> _systems = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var system in _systems)
        {
            await system.Terminate();
        }
    }

    private async Task<ClusterLimits[]> NodesAsync(int count, LimitSettings settings)
    {
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            akka.actor.serializers.mailproxy-limits = "ActorMailProxy.Routing.Limits.LimitSerializer, ActorMailProxy.Routing"
            akka.actor.serialization-bindings { "ActorMailProxy.Routing.Limits.ILimitMessage, ActorMailProxy.Routing" = mailproxy-limits }
            """);
        var systems = Enumerable.Range(0, count).Select(_ => ActorSystem.Create("limits", config)).ToList();
        _systems.AddRange(systems);
        var first = Cluster.Get(systems[0]).SelfAddress;
        var up = systems.Select(s =>
        {
            var done = new TaskCompletionSource();
            Cluster.Get(s).RegisterOnMemberUp(done.SetResult);
            Cluster.Get(s).Join(first);
            return done.Task;
        }).ToList();
        await Task.WhenAll(up).WaitAsync(TimeSpan.FromSeconds(30));
        await WaitForAsync(() => systems.All(s => Cluster.Get(s).State.Members.Count(m => m.Status == MemberStatus.Up) == count));
        return await Task.WhenAll(systems.Select(s => ClusterLimits.StartAsync(s, settings))).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<LimitRefusal?> RefusalAsync(IConnectionPlaces places, AdmissionRequest request) =>
        await places.TryAdmitAsync(request, default) is Admission.Refused refused ? refused.Refusal : null;

    [Fact]
    public async Task Total_and_ip_are_taken_for_a_connection_and_both_given_back_when_it_ends()
    {
        var node = (await NodesAsync(1, new LimitSettings { Total = 10, PerIp = 3 }))[0];
        var places = node.Enter();
        Assert.Null(await RefusalAsync(places, new AdmissionRequest.Connection(IPAddress.Parse("::ffff:192.0.2.1"))));
        Assert.Equal(new LedgerTotals(2, 2, 0, 0), node.Totals());
        places.Dispose();
        places.Dispose();
        Assert.Equal(new LedgerTotals(0, 0, 0, 0), node.Totals());
    }

    [Fact]
    public async Task An_exempt_client_is_only_counted_in_the_total()
    {
        var node = (await NodesAsync(1, new LimitSettings { Total = 10, PerIp = 1, PerUser = 1, Exempt = [IPNetwork.Parse("192.0.2.0/24")] }))[0];
        var places = node.Enter();
        Assert.Null(await RefusalAsync(places, new AdmissionRequest.Connection(Client)));
        Assert.Null(await RefusalAsync(places, new AdmissionRequest.User("alice", Client)));
        Assert.Equal(1, (await node.StatusAsync("total", TimeSpan.FromSeconds(5))).Held);
        Assert.Equal(0, (await node.StatusAsync("ip:192.0.2.1", TimeSpan.FromSeconds(5))).Held);
    }

    [Fact]
    public async Task A_refusal_by_one_key_gives_back_the_place_taken_for_the_other()
    {
        var node = (await NodesAsync(1, new LimitSettings { Total = 10, PerIp = 1 }))[0];
        using var first = node.Enter();
        Assert.Null(await RefusalAsync(first, new AdmissionRequest.Connection(Client)));
        var refusal = await RefusalAsync(node.Enter(), new AdmissionRequest.Connection(Client));
        Assert.Equal("ip:192.0.2.1", refusal?.Key);
        Assert.Equal("Too many connections from your address, try again later.", refusal?.Text);
        Assert.Equal(1, (await node.StatusAsync("total", TimeSpan.FromSeconds(5))).Held);
    }

    [Fact]
    public async Task Users_are_counted_case_blind_and_a_place_given_back_serves_the_next()
    {
        var node = (await NodesAsync(1, new LimitSettings { PerUser = 1 }))[0];
        var places = node.Enter();
        var admitted = (Admission.Admitted)await places.TryAdmitAsync(new AdmissionRequest.User("Alice", Client), default);
        Assert.Equal("user:alice", (await RefusalAsync(node.Enter(), new AdmissionRequest.User("alice", Client)))?.Key);
        admitted.Places.Dispose();
        Assert.Null(await RefusalAsync(node.Enter(), new AdmissionRequest.User("ALICE", Client)));
    }

    [Fact]
    public async Task A_node_whose_share_is_full_borrows_from_the_other_and_gives_back_what_it_no_longer_uses()
    {
        var (a, b) = (await NodesAsync(2, new LimitSettings { PerIp = 2 })) switch { var n => (n[0], n[1]) };
        var first = a.Enter();
        var second = a.Enter();
        Assert.Null(await RefusalAsync(first, new AdmissionRequest.Connection(Client)));
        Assert.Null(await RefusalAsync(second, new AdmissionRequest.Connection(Client)));
        Assert.Equal(new LedgerTotals(2, 1, 1, 0), a.Totals());
        Assert.Equal(new LedgerTotals(0, 0, 0, 1), b.Totals());
        Assert.Equal("ip:192.0.2.1", (await RefusalAsync(b.Enter(), new AdmissionRequest.Connection(Client)))?.Key);
        Assert.Equal("ip:192.0.2.1", (await RefusalAsync(a.Enter(), new AdmissionRequest.Connection(Client)))?.Key);

        second.Dispose();
        await WaitForAsync(() => b.Totals().Lent == 0);
        Assert.Equal(new LedgerTotals(1, 1, 0, 0), a.Totals());
        Assert.Null(await RefusalAsync(b.Enter(), new AdmissionRequest.Connection(Client)));
        var status = await a.StatusAsync("ip:192.0.2.1", TimeSpan.FromSeconds(5));
        Assert.Equal(2, status.Held);
        Assert.Equal([1, 1], status.Nodes.Select(n => n.Share.Share));
        Assert.Empty(status.Silent);
    }

    [Fact]
    public async Task A_single_node_with_its_share_full_refuses_at_once()
    {
        var node = (await NodesAsync(1, new LimitSettings { PerIp = 1, AdmissionTimeout = TimeSpan.FromSeconds(30) }))[0];
        using var first = node.Enter();
        Assert.Null(await RefusalAsync(first, new AdmissionRequest.Connection(Client)));
        var refusal = RefusalAsync(node.Enter(), new AdmissionRequest.Connection(Client));
        Assert.Same(refusal, await Task.WhenAny(refusal, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Equal("ip:192.0.2.1", (await refusal)?.Key);
    }

    [Fact]
    public async Task With_no_limit_set_nothing_is_counted()
    {
        var node = (await NodesAsync(1, new LimitSettings()))[0];
        using var places = node.Enter();
        Assert.Same(Admission.Unlimited, await places.TryAdmitAsync(new AdmissionRequest.Connection(Client), default));
        Assert.Equal(new LedgerTotals(0, 0, 0, 0), node.Totals());
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(20);
        }
    }
}
