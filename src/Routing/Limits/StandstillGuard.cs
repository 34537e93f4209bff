using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace ActorMailProxy.Routing.Limits;

/// <summary>
/// Each node's <c>/user/limit-standstill</c>: notices that this process stood still (SIGSTOP, a long GC pause) longer
/// than the cluster waits before downing a member, and then suspends <see cref="LimitLedger"/> until a majority of the
/// members confirm this node is still one of them; a downed node never hears that and stops as the cluster tells it.
/// Answers the same question for the other members' guards.
/// </summary>
public sealed class StandstillGuard : ReceiveActor, IWithTimers
{
    public const string Name = "limit-standstill";

    private static readonly TimeSpan TickEvery = TimeSpan.FromMilliseconds(250);

    private readonly LimitLedger _ledger;
    private readonly TimeSpan _longestPause;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _lastTick = Stopwatch.GetTimestamp();
    private HashSet<string>? _confirmedBy;

    public StandstillGuard(LimitLedger ledger)
    {
        _ledger = ledger;
        _longestPause = LongestHarmlessPause(Context.System.Settings.Config);
        Receive<Tick>(_ => OnTick());
        Receive<MembershipQuery>(OnMembershipQuery);
        Receive<MembershipConfirmed>(OnMembershipConfirmed);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(LimitLedger ledger) => Akka.Actor.Props.Create(() => new StandstillGuard(ledger));

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(Tick), Tick.Instance, TickEvery);

    /// <summary>
    /// A pause shorter than the failure detector's allowance plus the split-brain resolver's stable-after cannot have
    /// got this node downed; after a longer one, it may have been, and the others may have shared out its places.
    /// </summary>
    private static TimeSpan LongestHarmlessPause(Akka.Configuration.Config config) =>
        config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause", TimeSpan.FromSeconds(3))
        + config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after", TimeSpan.FromSeconds(20));

    private IEnumerable<Member> Others => _cluster.State.Members.Where(m => !m.UniqueAddress.Equals(_cluster.SelfUniqueAddress));

    private void OnTick()
    {
        var now = Stopwatch.GetTimestamp();
        var pause = Stopwatch.GetElapsedTime(_lastTick, now);
        _lastTick = now;
        if (pause > _longestPause && _confirmedBy is null)
        {
            _log.Warning("Limits: this node stood still for {0:0.0} s and may have been downed meanwhile; admitting nothing until a majority confirms it is a member", pause.TotalSeconds);
            _ledger.Suspend(true);
            _confirmedBy = [];
        }
        if (_confirmedBy is not null)
        {
            foreach (var member in Others)
            {
                Context.ActorSelection(new RootActorPath(member.Address) / "user" / Name).Tell(new MembershipQuery(_ledger.Self));
            }
        }
    }

    private void OnMembershipQuery(MembershipQuery query)
    {
        if (_cluster.State.Members.Any(m => NodeId.Of(m.UniqueAddress) == query.Member && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp))
        {
            Sender.Tell(new MembershipConfirmed(query.Member, _ledger.Self));
        }
    }

    private void OnMembershipConfirmed(MembershipConfirmed confirmed)
    {
        var members = _cluster.State.Members.Count(m => m.Status is not (MemberStatus.Down or MemberStatus.Removed));
        if (_confirmedBy is null || !_confirmedBy.Add(confirmed.ConfirmedBy) || (_confirmedBy.Count + 1) * 2 <= members)
        {
            return;
        }
        _log.Info("Limits: {0} members confirmed this node; admitting again", _confirmedBy.Count);
        _confirmedBy = null;
        _ledger.Suspend(false);
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }
}
