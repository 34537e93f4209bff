using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Event;

namespace ActorMailProxy.Routing.Limits;

/// <summary>
/// Keeps the leases of one limit key (<c>total</c>, <c>ip:…</c>, <c>user:…</c>), sharded by key. When it starts,
/// wherever and for whatever reason (first use, a dead or leaving node's shard moving here), it holds every
/// request until each cluster member has said which leases of this key it holds; so a keeper that took over never
/// grants a place that a live connection still holds. A member the cluster removes takes its leases with it.
/// </summary>
public sealed class LimitKeeper : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private static readonly TimeSpan AskAgainEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PassivateAfter = TimeSpan.FromMinutes(1);

    private readonly string _key;
    private readonly LeaseBook _book = new();
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly Dictionary<string, Address> _addresses = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _knowsMembers;

    public LimitKeeper(string key)
    {
        _key = key;
        Recovering();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string key) => Akka.Actor.Props.Create(() => new LimitKeeper(key));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Recovering()
    {
        Receive<ClusterEvent.CurrentClusterState>(OnClusterState);
        Receive<HeldLeases>(OnHeldLeases);
        Receive<ClusterEvent.MemberRemoved>(m => OnRemovedWhileRecovering(m.Member));
        Receive<AskAgain>(_ => AskAwaitingNodes());
        ReceiveAny(_ => Stash.Stash());
    }

    private void Ready()
    {
        Receive<AcquireLease>(OnAcquire);
        Receive<ReleaseLease>(m => _book.Release(m.LeaseId));
        Receive<LimitStatusQuery>(_ => Sender.Tell(new LimitStatus(_key, _book.Held, NodeId.Of(_cluster.SelfUniqueAddress))));
        Receive<ClusterEvent.MemberRemoved>(m => OnRemoved(m.Member));
        Receive<HeldLeases>(_ => { });
        Receive<AskAgain>(_ => { });
        Receive<ReceiveTimeout>(_ => OnIdle());
    }

    /// <summary>Every member that may hold leases is asked; Down members are about to be removed with theirs.</summary>
    private void OnClusterState(ClusterEvent.CurrentClusterState state)
    {
        foreach (var member in state.Members.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Removed)))
        {
            _addresses[NodeId.Of(member.UniqueAddress)] = member.Address;
        }
        _knowsMembers = true;
        _book.StartRecovery(_addresses.Keys);
        AskAwaitingNodes();
        BecomeReadyWhenRecovered();
    }

    private void OnHeldLeases(HeldLeases held)
    {
        _book.Report(held.Node, held.Granted, held.Undecided);
        BecomeReadyWhenRecovered();
    }

    private void OnRemovedWhileRecovering(Member member)
    {
        _book.NodeRemoved(NodeId.Of(member.UniqueAddress));
        BecomeReadyWhenRecovered();
    }

    private void AskAwaitingNodes()
    {
        foreach (var node in _book.AwaitingNodes)
        {
            Context.ActorSelection(new RootActorPath(_addresses[node]) / "user" / LeaseRegistryActor.Name).Tell(new HeldLeasesQuery(_key));
        }
        if (_book.Recovering)
        {
            Timers.StartSingleTimer(nameof(AskAgain), AskAgain.Instance, AskAgainEvery);
        }
    }

    private void BecomeReadyWhenRecovered()
    {
        if (!_knowsMembers || _book.Recovering)
        {
            return;
        }
        Timers.Cancel(nameof(AskAgain));
        if (_book.Held > 0)
        {
            // A takeover (a node left or died, or the shard moved): worth a line for the operator.
            _log.Info("Limit {0}: keeper started here holding {1} leases, as {2} nodes reported", _key, _book.Held, _addresses.Count);
        }
        else
        {
            _log.Debug("Limit {0}: keeper started here, nothing held", _key);
        }
        Become(Ready);
        Context.SetReceiveTimeout(PassivateAfter);
        Stash.UnstashAll();
    }

    private void OnAcquire(AcquireLease acquire)
    {
        var granted = _book.Acquire(acquire.LeaseId, acquire.Node, acquire.Limit);
        Sender.Tell(new LeaseDecision(_key, acquire.LeaseId, granted, _book.Held));
    }

    private void OnRemoved(Member member)
    {
        var dropped = _book.NodeRemoved(NodeId.Of(member.UniqueAddress));
        if (dropped > 0)
        {
            _log.Info("Limit {0}: dropped {1} leases of {2}, which left the cluster; {3} held", _key, dropped, member.Address, _book.Held);
        }
    }

    /// <summary>An idle keeper with no leases stops; one with leases stays, its book is cheaper than a recovery.</summary>
    private void OnIdle()
    {
        if (_book.Held == 0)
        {
            Context.SetReceiveTimeout(null);
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        }
    }

    private sealed record AskAgain
    {
        public static readonly AskAgain Instance = new();
    }
}
