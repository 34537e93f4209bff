using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace ActorMailProxy.Routing.Limits;

/// <summary>
/// Each node's <c>/user/limit-ledger</c> (<see cref="StandstillGuard"/> beside it): keeps <see cref="LimitLedger"/>'s
/// view of the members current, borrows for connections that found this node's share full, lends to other members,
/// and tells a newly joined member what this node owes it. Connections that find a place in the share never come here.
/// </summary>
public sealed class LimitLedgerActor : ReceiveActor, IWithTimers
{
    public const string Name = "limit-ledger";

    private static readonly TimeSpan AskAgainEvery = TimeSpan.FromMilliseconds(500);

    private readonly LimitLedger _ledger;
    private readonly LimitSettings _settings;
    private readonly TaskCompletionSource _caughtUp;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<UniqueAddress, Member> _members = [];
    private readonly HashSet<UniqueAddress> _unreachable = [];
    private readonly Dictionary<string, Address> _addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Waiter>> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Round> _rounds = new(StringComparer.Ordinal);
    private HashSet<string>? _owing;
    private long _nextRound;

    /// <param name="caughtUp">Completed once every member older than this node has told it what it owes it.</param>
    public LimitLedgerActor(LimitLedger ledger, LimitSettings settings, TaskCompletionSource caughtUp)
    {
        _ledger = ledger;
        _settings = settings;
        _caughtUp = caughtUp;
        Receive<ClusterEvent.CurrentClusterState>(OnClusterState);
        Receive<ClusterEvent.IMemberEvent>(OnMemberEvent);
        Receive<ClusterEvent.UnreachableMember>(m => _unreachable.Add(m.Member.UniqueAddress));
        Receive<ClusterEvent.ReachableMember>(m => _unreachable.Remove(m.Member.UniqueAddress));
        Receive<Wait>(OnWait);
        Receive<Attend>(a => OnAttend(a.Key));
        Receive<RoundOver>(OnRoundOver);
        Receive<LendRequest>(r => Sender.Tell(new LendReply(r.Key, r.Limit, _ledger.Lend(r.Borrower, r.Key, r.Limit, r.Wanted), _ledger.Self)));
        Receive<LendReply>(OnLendReply);
        Receive<PlacesReturned>(r => _ledger.Returned(r.Borrower, r.Key, r.Count));
        Receive<LoanInherited>(OnLoanInherited);
        Receive<LoanMoved>(m => _ledger.LoanMoved(m.FormerLender, m.Heir, m.Loan));
        Receive<LoansQuery>(OnLoansQuery);
        Receive<LoansOwed>(OnLoansOwed);
        Receive<AskAgain>(_ => AskOwing());
        Receive<ShareQuery>(q => Sender.Tell(new ShareReport(_ledger.Self, _ledger.Share(q.Key, q.Limit))));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(LimitLedger ledger, LimitSettings settings, TaskCompletionSource caughtUp) =>
        Akka.Actor.Props.Create(() => new LimitLedgerActor(ledger, settings, caughtUp));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        foreach (var waiter in _waiting.Values.SelectMany(q => q))
        {
            waiter.Answer.TrySetResult(null);
        }
    }

    private string Node(UniqueAddress address) => NodeId.Of(address);

    private void OnClusterState(ClusterEvent.CurrentClusterState state)
    {
        foreach (var member in state.Members)
        {
            _members[member.UniqueAddress] = member;
        }
        _unreachable.UnionWith(state.Unreachable.Select(m => m.UniqueAddress));
        ApplyMembers();
        if (_owing is null)
        {
            // Only older members can owe this node: they held places before it came. Newer ones ask it in turn.
            _owing = [.. _ledger.Members.TakeWhile(n => n != _ledger.Self)];
            AskOwing();
        }
    }

    private void OnMemberEvent(ClusterEvent.IMemberEvent change)
    {
        var member = change.Member;
        if (change is ClusterEvent.MemberRemoved)
        {
            _members.Remove(member.UniqueAddress);
            _unreachable.Remove(member.UniqueAddress);
            var node = Node(member.UniqueAddress);
            _owing?.Remove(node);
            foreach (var (key, round) in _rounds.ToList())
            {
                if (round.Awaiting.Remove(node) && round.Awaiting.Count == 0)
                {
                    EndRound(key, round);
                }
            }
        }
        else
        {
            _members[member.UniqueAddress] = member;
        }
        ApplyMembers();
        CheckCaughtUp();
        if (change is ClusterEvent.MemberLeft && member.UniqueAddress.Equals(_cluster.SelfUniqueAddress))
        {
            HandOverLent();
        }
    }

    /// <summary>Leaving (no longer admitting or lending): the places this node lent that the borrowers' own gains do not cover go to heirs.</summary>
    private void HandOverLent()
    {
        foreach (var (heir, borrower, loan) in _ledger.HandOverLent())
        {
            LedgerOf(heir).Tell(new LoanInherited(loan, borrower, _ledger.Self));
        }
    }

    private void OnLoanInherited(LoanInherited inherited)
    {
        _ledger.Inherit(inherited.Borrower, inherited.Loan);
        if (_addresses.ContainsKey(inherited.Borrower))
        {
            LedgerOf(inherited.Borrower).Tell(new LoanMoved(inherited.Loan, inherited.FormerLender, _ledger.Self));
        }
    }

    private void ApplyMembers()
    {
        // A downed member is as good as removed: it stops itself, and its share is free a second before the removal.
        var ranked = _members.Values.Where(m => m.Status is not (MemberStatus.Removed or MemberStatus.Down) || m.UniqueAddress.Equals(_cluster.SelfUniqueAddress))
            .OrderBy(m => m, Member.AgeOrdering).ToList();
        _addresses.Clear();
        foreach (var member in ranked)
        {
            _addresses[Node(member.UniqueAddress)] = member.Address;
        }
        var self = _members.GetValueOrDefault(_cluster.SelfUniqueAddress);
        _ledger.SetMembers([.. ranked.Select(m => Node(m.UniqueAddress))], self?.Status is MemberStatus.Up or MemberStatus.WeaklyUp);
    }

    private ActorSelection LedgerOf(string node) => Context.ActorSelection(new RootActorPath(_addresses[node]) / "user" / Name);

    private IEnumerable<string> ReachablePeers() =>
        _members.Values
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving && !_unreachable.Contains(m.UniqueAddress))
            .Select(m => Node(m.UniqueAddress))
            .Where(n => n != _ledger.Self && _addresses.ContainsKey(n));

    private void OnWait(Wait wait)
    {
        if (_ledger.TryServeWaiting(wait.Key))
        {
            wait.Answer.TrySetResult(true);
            return;
        }
        if (!_waiting.TryGetValue(wait.Key, out var queue))
        {
            _waiting[wait.Key] = queue = new Queue<Waiter>();
        }
        queue.Enqueue(new Waiter(wait.Limit, wait.Answer, Stopwatch.GetTimestamp()));
        if (!_rounds.ContainsKey(wait.Key))
        {
            StartRound(wait.Key, wait.Limit);
        }
    }

    /// <summary>Asks every reachable member at once for as many places as connections wait here for the key.</summary>
    private void StartRound(string key, int limit)
    {
        var round = new Round(++_nextRound);
        var wanted = _waiting.GetValueOrDefault(key)?.Count ?? 0;
        foreach (var peer in ReachablePeers())
        {
            round.Awaiting.Add(peer);
            LedgerOf(peer).Tell(new LendRequest(key, limit, wanted, _ledger.Self));
        }
        _rounds[key] = round;
        if (round.Awaiting.Count == 0)
        {
            EndRound(key, round);
            return;
        }
        Timers.StartSingleTimer(RoundTimer(key), new RoundOver(key, round.Id), _settings.AdmissionTimeout);
    }

    private void OnLendReply(LendReply reply)
    {
        // Recorded even when its round is over: the lender counts it lent, so it is ours until given back.
        _ledger.Borrowed(reply.Lender, reply.Key, reply.Limit, reply.Lent);
        Serve(reply.Key);
        if (_rounds.TryGetValue(reply.Key, out var round) && round.Awaiting.Remove(reply.Lender))
        {
            round.Lent += reply.Lent;
            if (round.Awaiting.Count == 0)
            {
                EndRound(reply.Key, round);
            }
        }
        GiveBackIfNoneWaits(reply.Key);
    }

    private void OnRoundOver(RoundOver over)
    {
        if (_rounds.TryGetValue(over.Key, out var round) && round.Id == over.RoundId)
        {
            EndRound(over.Key, round);
        }
    }

    /// <summary>
    /// Waiters still without a place: another round while members lend and the waiters are not too old; otherwise
    /// refused, or (when-unreachable = open, some member silent) admitted uncounted by any share.
    /// </summary>
    private void EndRound(string key, Round round)
    {
        _rounds.Remove(key);
        Timers.Cancel(RoundTimer(key));
        Serve(key);
        if (!_waiting.TryGetValue(key, out var queue))
        {
            return;
        }
        var silent = round.Awaiting.Count > 0;
        var oldest = Stopwatch.GetElapsedTime(queue.Peek().Since);
        if (round.Lent > 0 && oldest < _settings.AdmissionTimeout)
        {
            StartRound(key, queue.Peek().Limit);
            return;
        }
        _waiting.Remove(key);
        var admit = silent && _settings.FailOpen;
        foreach (var waiter in queue)
        {
            _ledger.StopWaiting(key, admit);
            waiter.Answer.TrySetResult(admit ? true : silent ? null : false);
        }
        GiveBackIfNoneWaits(key);
    }

    private void OnAttend(string key)
    {
        Serve(key);
        GiveBackIfNoneWaits(key);
    }

    private void Serve(string key)
    {
        if (!_waiting.TryGetValue(key, out var queue))
        {
            return;
        }
        while (queue.Count > 0 && _ledger.TryServeWaiting(key))
        {
            queue.Dequeue().Answer.TrySetResult(true);
        }
        if (queue.Count == 0)
        {
            _waiting.Remove(key);
        }
    }

    private void GiveBackIfNoneWaits(string key)
    {
        if (_waiting.ContainsKey(key))
        {
            return;
        }
        foreach (var (lender, count) in _ledger.TakeBackSpare(key))
        {
            if (_addresses.ContainsKey(lender))
            {
                LedgerOf(lender).Tell(new PlacesReturned(key, count, _ledger.Self));
            }
        }
    }

    /// <summary>Unanswered until this node has worked out what it owes the newcomer; the newcomer asks again.</summary>
    private void OnLoansQuery(LoansQuery query)
    {
        if (_ledger.BorrowedFrom(query.Member) is { } owed)
        {
            Sender.Tell(new LoansOwed(_ledger.Self, owed));
        }
    }

    private void OnLoansOwed(LoansOwed owed)
    {
        if (_owing?.Remove(owed.Member) == true)
        {
            _ledger.LentTo(owed.Member, owed.Loans);
            CheckCaughtUp();
        }
    }

    private void AskOwing()
    {
        if (_owing is not { Count: > 0 })
        {
            CheckCaughtUp();
            return;
        }
        foreach (var node in _owing.Where(_addresses.ContainsKey))
        {
            LedgerOf(node).Tell(new LoansQuery(_ledger.Self));
        }
        Timers.StartSingleTimer(nameof(AskAgain), AskAgain.Instance, AskAgainEvery);
    }

    private void CheckCaughtUp()
    {
        if (_owing is { Count: 0 } && !_caughtUp.Task.IsCompleted)
        {
            Timers.Cancel(nameof(AskAgain));
            _ledger.CaughtUp();
            _caughtUp.TrySetResult();
        }
    }

    private static string RoundTimer(string key) => "round:" + key;

    /// <summary>A connection found this node's share of <paramref name="Key"/> full (counted as waiting by the ledger).</summary>
    internal sealed record Wait(string Key, int Limit, TaskCompletionSource<bool?> Answer);

    /// <summary>A place was given back where someone waits or a loan could go back.</summary>
    internal sealed record Attend(string Key);

    private sealed record RoundOver(string Key, long RoundId);

    private sealed record Waiter(int Limit, TaskCompletionSource<bool?> Answer, long Since);

    private sealed class Round(long id)
    {
        public long Id { get; } = id;

        public HashSet<string> Awaiting { get; } = new(StringComparer.Ordinal);

        public int Lent { get; set; }
    }

    private sealed record AskAgain
    {
        public static readonly AskAgain Instance = new();
    }
}
