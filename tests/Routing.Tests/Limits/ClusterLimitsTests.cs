using System.Collections.Concurrent;
using System.Net;
using Akka.Actor;
using ActorMailProxy.Routing.Limits;

namespace ActorMailProxy.Routing.Tests.Limits;

/// <summary>Admission against stand-in keepers: which keys are asked, what a refusal gives back, and what happens when no keeper answers.</summary>
public sealed class ClusterLimitsTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("limits-test", "akka.actor.provider = local");
    private readonly ConcurrentQueue<object> _seen = new();
    private readonly LeaseRegistry _registry = new();

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    private ClusterLimits Limits(LimitSettings settings, Func<AcquireLease, bool?> decide)
    {
        var keeper = _system.ActorOf(Props.Create(() => new StandInKeeper(_seen, decide)));
        return new ClusterLimits(keeper, _registry, "node#1", settings);
    }

    private int Places(string key)
    {
        var (granted, undecided) = _registry.Held(key);
        return granted.Count + undecided.Count;
    }

    [Fact]
    public async Task Total_and_ip_are_asked_for_a_connection_and_both_given_back_when_it_ends()
    {
        var limits = Limits(new LimitSettings { Total = 10, PerIp = 3 }, _ => true);
        var lease = limits.Enter();
        Assert.Null(Refusal(await lease.TryAdmitAsync(new AdmissionRequest.Connection(IPAddress.Parse("::ffff:192.0.2.1")), default)));
        Assert.Equal(["total", "ip:192.0.2.1"], _seen.OfType<AcquireLease>().Select(a => a.Key).Order(StringComparer.Ordinal).Reverse());
        Assert.Single(_registry.Held("total").Granted);
        lease.Dispose();
        lease.Dispose();
        await WaitForAsync(() => _seen.OfType<ReleaseLease>().Count() == 2);
        Assert.Equal(0, Places("total"));
        Assert.Equal(0, Places("ip:192.0.2.1"));
    }

    [Fact]
    public async Task An_exempt_client_is_only_counted_in_the_total()
    {
        var limits = Limits(new LimitSettings { Total = 10, PerIp = 1, PerUser = 1, Exempt = [IPNetwork.Parse("192.0.2.0/24")] }, _ => true);
        var lease = limits.Enter();
        Assert.Null(Refusal(await lease.TryAdmitAsync(new AdmissionRequest.Connection(IPAddress.Parse("192.0.2.9")), default)));
        Assert.Null(Refusal(await lease.TryAdmitAsync(new AdmissionRequest.User("alice", IPAddress.Parse("192.0.2.9")), default)));
        Assert.Equal(["total"], _seen.OfType<AcquireLease>().Select(a => a.Key));
    }

    [Fact]
    public async Task A_refusal_by_one_key_gives_back_the_place_granted_by_the_other()
    {
        var limits = Limits(new LimitSettings { Total = 10, PerIp = 1 }, a => a.Key == "total");
        var lease = limits.Enter();
        var refusal = Refusal(await lease.TryAdmitAsync(new AdmissionRequest.Connection(IPAddress.Loopback), default));
        Assert.Equal("ip:127.0.0.1", refusal?.Key);
        await WaitForAsync(() => _seen.OfType<ReleaseLease>().Any(r => r.Key == "total"));
        Assert.Equal(0, Places("total"));
    }

    [Fact]
    public async Task Users_are_counted_case_blind_and_each_attempt_is_a_new_place()
    {
        var limits = Limits(new LimitSettings { PerUser = 1 }, _ => false);
        var lease = limits.Enter();
        Assert.NotNull(Refusal(await lease.TryAdmitAsync(new AdmissionRequest.User("Alice", IPAddress.Loopback), default)));
        Assert.NotNull(Refusal(await lease.TryAdmitAsync(new AdmissionRequest.User("alice", IPAddress.Loopback), default)));
        var asked = _seen.OfType<AcquireLease>().ToList();
        Assert.All(asked, a => Assert.Equal("user:alice", a.Key));
        Assert.NotEqual(asked[0].LeaseId, asked[1].LeaseId);
    }

    [Fact]
    public async Task When_no_keeper_answers_admission_fails_closed_by_default()
    {
        var limits = Limits(new LimitSettings { PerIp = 5, AdmissionTimeout = TimeSpan.FromMilliseconds(200) }, _ => null);
        var lease = limits.Enter();
        var refusal = Refusal(await lease.TryAdmitAsync(new AdmissionRequest.Connection(IPAddress.Loopback), default));
        Assert.Contains("cannot be checked", refusal?.Text);
        Assert.Equal(0, Places("ip:127.0.0.1"));
    }

    [Fact]
    public async Task Failing_open_admits_and_keeps_the_place_counted_until_the_connection_ends()
    {
        var limits = Limits(new LimitSettings { PerIp = 5, AdmissionTimeout = TimeSpan.FromMilliseconds(200), FailOpen = true }, _ => null);
        var lease = limits.Enter();
        Assert.Null(Refusal(await lease.TryAdmitAsync(new AdmissionRequest.Connection(IPAddress.Loopback), default)));
        Assert.Single(_registry.Held("ip:127.0.0.1").Granted);
        lease.Dispose();
        Assert.Equal(0, Places("ip:127.0.0.1"));
    }

    [Fact]
    public async Task A_users_place_given_back_after_a_failed_login_leaves_the_connections_places_held()
    {
        var limits = Limits(new LimitSettings { Total = 10, PerUser = 1 }, _ => true);
        var lease = limits.Enter();
        Assert.Null(Refusal(await lease.TryAdmitAsync(new AdmissionRequest.Connection(IPAddress.Loopback), default)));
        var user = Assert.IsType<Admission.Admitted>(await lease.TryAdmitAsync(new AdmissionRequest.User("alice", IPAddress.Loopback), default));
        Assert.Equal(1, Places("user:alice"));
        user.Places.Dispose();
        user.Places.Dispose();
        await WaitForAsync(() => _seen.OfType<ReleaseLease>().Count() == 1);
        Assert.Equal(0, Places("user:alice"));
        Assert.Equal(1, Places("total"));
        lease.Dispose();
        await WaitForAsync(() => _seen.OfType<ReleaseLease>().Count() == 2);
        Assert.Equal(0, Places("total"));
    }

    [Fact]
    public async Task With_no_limit_set_nothing_is_asked_and_admission_is_immediate()
    {
        var limits = Limits(new LimitSettings(), _ => false);
        using var lease = limits.Enter();
        var admission = lease.TryAdmitAsync(new AdmissionRequest.Connection(IPAddress.Loopback), default);
        Assert.True(admission.IsCompletedSuccessfully);
        Assert.Same(Admission.Unlimited, await admission);
        Assert.Same(Admission.Unlimited, await lease.TryAdmitAsync(new AdmissionRequest.User("alice", IPAddress.Loopback), default));
        Assert.Empty(_seen);
    }

    [Fact]
    public async Task A_lease_given_back_asks_for_nothing_more()
    {
        var limits = Limits(new LimitSettings { PerUser = 3 }, _ => true);
        var lease = limits.Enter();
        lease.Dispose();
        Assert.NotNull(Refusal(await lease.TryAdmitAsync(new AdmissionRequest.User("alice", IPAddress.Loopback), default)));
        Assert.Empty(_seen);
    }

    private static LimitRefusal? Refusal(Admission admission) => (admission as Admission.Refused)?.Refusal;

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }
        Assert.True(condition());
    }

    /// <summary>Grants, refuses or stays silent (null) as the test says; records everything it is sent.</summary>
    private sealed class StandInKeeper : ReceiveActor
    {
        public StandInKeeper(ConcurrentQueue<object> seen, Func<AcquireLease, bool?> decide)
        {
            Receive<AcquireLease>(a =>
            {
                seen.Enqueue(a);
                if (decide(a) is { } granted)
                {
                    Sender.Tell(new LeaseDecision(a.Key, a.LeaseId, granted, 0));
                }
            });
            Receive<ReleaseLease>(seen.Enqueue);
        }
    }
}
