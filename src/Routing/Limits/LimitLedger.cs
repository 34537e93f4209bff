namespace ActorMailProxy.Routing.Limits;

/// <summary>
/// This node's share of every cluster-wide limit, so that a connection is admitted without asking another node.
/// Each key's limit is split over the members: a member may fill its base share (limit / members, one more for each
/// of the oldest <c>limit % members</c>) plus what others lent it, less what it lent them. The shares add up to the
/// limit, so no key goes over it while every node keeps to its own. A node whose share is full borrows from the others
/// (<see cref="LimitLedgerActor"/> asks); places lent come back as soon as the borrower has them spare.
/// <para>
/// Members change: a removed member's share goes to the others (its connections are gone) and loans with it are void;
/// a member that joins takes its base from everyone, so a node holding more than its new share records the
/// difference as borrowed from the newcomer, which does not admit until every member has told it what it owes.
/// </para>
/// Thread-safe: connections take and give back places from their own threads, the actor does the rest.
/// </summary>
public sealed class LimitLedger(string self)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, KeyPlaces> _keys = new(StringComparer.Ordinal);
    private string[] _members = [];
    private int _rank = -1;
    private bool _up;
    private bool _caughtUp;
    private bool _suspended;

    public string Self { get; } = self;

    /// <summary>Members in rank order (oldest first), this node among them once the cluster lists it.</summary>
    public IReadOnlyList<string> Members
    {
        get
        {
            lock (_lock)
            {
                return _members;
            }
        }
    }

    /// <summary>This node decides alone only while it is an Up member, knows what it owes newer members, and was not paused.</summary>
    private bool Admitting => _up && _caughtUp && !_suspended && _rank >= 0;

    /// <summary>
    /// The cluster's members as this node now sees them, ranked oldest first; <paramref name="selfUp"/>: this node is
    /// Up (not joining, leaving or downed). Loans with removed members are dropped; for each new member, what this
    /// node holds over its new share of a key is recorded as borrowed from it.
    /// </summary>
    public void SetMembers(IReadOnlyList<string> ranked, bool selfUp)
    {
        lock (_lock)
        {
            var removed = _members.Except(ranked, StringComparer.Ordinal).ToList();
            var added = ranked.Where(m => m != Self && Array.IndexOf(_members, m) < 0).ToList();
            _members = [.. ranked];
            _rank = Array.IndexOf(_members, Self);
            _up = selfUp;
            foreach (var places in _keys.Values)
            {
                removed.ForEach(places.Forget);
                if (added.Count > 0 && places.Used - Allowance(places) is > 0 and var owed)
                {
                    // Owed to the newest: in a join of several at once any split is right, the newcomers hear what they are owed one by one.
                    places.AddBorrowed(added[^1], owed);
                }
            }
            RemoveUnused();
        }
    }

    /// <summary>Every member older than this node has said what it owes this node (or there were none).</summary>
    public void CaughtUp()
    {
        lock (_lock)
        {
            _caughtUp = true;
        }
    }

    /// <summary>The process stood still longer than the cluster waits for it: until a majority confirms it is still a member, it decides nothing.</summary>
    public void Suspend(bool suspended)
    {
        lock (_lock)
        {
            _suspended = suspended;
        }
    }

    /// <summary>A place for a new connection: taken at once, to be borrowed (counted as waiting), or not decidable here now.</summary>
    public Take Take(string key, int limit)
    {
        lock (_lock)
        {
            if (!Admitting)
            {
                return Limits.Take.Unchecked;
            }
            var places = Places(key, limit);
            if (places.Used < Allowance(places))
            {
                places.Used++;
                return Limits.Take.Taken;
            }
            places.Waiting++;
            return Limits.Take.Borrow;
        }
    }

    /// <summary>A waiting connection gets a place if one is free now.</summary>
    public bool TryServeWaiting(string key)
    {
        lock (_lock)
        {
            if (!Admitting || !_keys.TryGetValue(key, out var places) || places.Used >= Allowance(places))
            {
                return false;
            }
            places.Waiting--;
            places.Used++;
            return true;
        }
    }

    /// <summary>A waiting connection stops waiting: refused, or admitted anyway (<paramref name="admitted"/>: when-unreachable = open).</summary>
    public void StopWaiting(string key, bool admitted)
    {
        lock (_lock)
        {
            if (_keys.TryGetValue(key, out var places))
            {
                places.Waiting--;
                places.Used += admitted ? 1 : 0;
                RemoveIfUnused(key, places);
            }
        }
    }

    /// <summary>A connection gives its place back; true when the actor has work: someone waits, or a loan can go back.</summary>
    public bool Release(string key)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(key, out var places) || places.Used == 0)
            {
                return false;
            }
            places.Used--;
            var attention = places.Waiting > 0 || (places.BorrowedTotal > 0 && places.Used < Allowance(places));
            RemoveIfUnused(key, places);
            return attention;
        }
    }

    /// <summary>A member asks for up to <paramref name="wanted"/> places; lends what is spare here and nobody here waits for.</summary>
    public int Lend(string borrower, string key, int limit, int wanted)
    {
        lock (_lock)
        {
            if (!Admitting || borrower == Self || Array.IndexOf(_members, borrower) < 0)
            {
                return 0;
            }
            var places = Places(key, limit);
            var lent = places.Waiting > 0 ? 0 : Math.Clamp(Allowance(places) - places.Used, 0, wanted);
            places.AddLent(borrower, lent);
            RemoveIfUnused(key, places);
            return lent;
        }
    }

    /// <summary>A member lent places; from a member no longer in the cluster they are void (its share is already counted here).</summary>
    public void Borrowed(string lender, string key, int limit, int count)
    {
        lock (_lock)
        {
            if (count > 0 && Array.IndexOf(_members, lender) >= 0)
            {
                Places(key, limit).AddBorrowed(lender, count);
            }
        }
    }

    /// <summary>Borrowed places this node does not use and nobody here waits for, taken off the books, to be sent back to their lenders.</summary>
    public IReadOnlyList<(string Lender, int Count)> TakeBackSpare(string key)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(key, out var places) || places.Waiting > 0 || places.BorrowedTotal == 0)
            {
                return [];
            }
            var spare = Math.Min(Allowance(places) - places.Used, places.BorrowedTotal);
            var back = new List<(string, int)>();
            foreach (var (lender, count) in places.Borrowed.ToList())
            {
                if (spare <= 0)
                {
                    break;
                }
                var giving = Math.Min(spare, count);
                places.AddBorrowed(lender, -giving);
                spare -= giving;
                back.Add((lender, giving));
            }
            RemoveIfUnused(key, places);
            return back;
        }
    }

    /// <summary>A borrower sent places back.</summary>
    public void Returned(string borrower, string key, int count)
    {
        lock (_lock)
        {
            if (_keys.TryGetValue(key, out var places))
            {
                places.AddLent(borrower, -count);
                RemoveIfUnused(key, places);
            }
        }
    }

    /// <summary>
    /// This node is leaving: what it lent must stay counted once its base share goes to the others. A borrower's gain
    /// from that share covers its own loan first (nothing to send: it drops the loan when this node is removed); what
    /// its gain does not cover goes to heirs, each taking no more than its own gain, so no survivor ends up holding
    /// more places than its new share. The lent places come off this node's books.
    /// </summary>
    public IReadOnlyList<(string Heir, string Borrower, KeyLoan Loan)> HandOverLent()
    {
        lock (_lock)
        {
            var survivors = _members.Where(m => m != Self).ToArray();
            var handed = new List<(string, string, KeyLoan)>();
            foreach (var (key, places) in _keys.Where(k => k.Value.LentTotal > 0).ToList())
            {
                var gains = survivors.ToDictionary(m => m, m =>
                    BaseShare(places.Limit, Array.IndexOf(survivors, m), survivors.Length) - BaseShare(places.Limit, Array.IndexOf(_members, m), _members.Length));
                var uncovered = new List<(string Borrower, int Count)>();
                foreach (var (borrower, count) in places.Lent.ToList())
                {
                    var own = Math.Min(count, gains.GetValueOrDefault(borrower));
                    gains[borrower] = gains.GetValueOrDefault(borrower) - own;
                    uncovered.Add((borrower, count - own));
                    places.AddLent(borrower, -count);
                }
                foreach (var (borrower, count) in uncovered)
                {
                    var rest = count;
                    foreach (var heir in survivors.Where(h => h != borrower && gains[h] > 0 && rest > 0))
                    {
                        var taken = Math.Min(rest, gains[heir]);
                        gains[heir] -= taken;
                        rest -= taken;
                        handed.Add((heir, borrower, new KeyLoan(key, places.Limit, taken)));
                    }
                }
                RemoveIfUnused(key, places);
            }
            return handed;
        }
    }

    /// <summary>A leaving member's loan to <paramref name="borrower"/> becomes this node's: counted as lent, before the borrower hears it.</summary>
    public void Inherit(string borrower, KeyLoan loan)
    {
        lock (_lock)
        {
            if (Array.IndexOf(_members, borrower) >= 0)
            {
                Places(loan.Key, loan.Limit).AddLent(borrower, loan.Count);
            }
        }
    }

    /// <summary>Places borrowed from a leaving member are now owed to its heir, which already counts them lent.</summary>
    public void LoanMoved(string formerLender, string heir, KeyLoan loan)
    {
        lock (_lock)
        {
            if (_keys.TryGetValue(loan.Key, out var places))
            {
                var moved = Math.Min(loan.Count, places.Borrowed.GetValueOrDefault(formerLender));
                places.AddBorrowed(formerLender, -moved);
                places.AddBorrowed(heir, moved);
            }
        }
    }

    /// <summary>
    /// What this node owes <paramref name="member"/>, key by key, told to it when it joins; null until this node
    /// counts it as a member and knows what it is owed itself (its own debts to the newcomer depend on that).
    /// </summary>
    public IReadOnlyList<KeyLoan>? BorrowedFrom(string member)
    {
        lock (_lock)
        {
            if (!_caughtUp || Array.IndexOf(_members, member) < 0)
            {
                return null;
            }
            return [.. _keys.Where(k => k.Value.Borrowed.ContainsKey(member)).Select(k => new KeyLoan(k.Key, k.Value.Limit, k.Value.Borrowed[member]))];
        }
    }

    /// <summary>
    /// What an older member says it owes this node: counted as lent to it, replacing whatever was counted. Lent more
    /// than this node's share now (a member joined after this one meanwhile), this node owes the difference to the
    /// youngest, which has not asked yet: it asks only once this node has heard from every older member.
    /// </summary>
    public void LentTo(string member, IEnumerable<KeyLoan> loans)
    {
        lock (_lock)
        {
            if (Array.IndexOf(_members, member) < 0)
            {
                return;
            }
            var youngest = _members[^1];
            foreach (var loan in loans)
            {
                var places = Places(loan.Key, loan.Limit);
                places.SetLent(member, loan.Count);
                if (youngest != Self && places.Used - Allowance(places) is > 0 and var owed)
                {
                    places.AddBorrowed(youngest, owed);
                }
            }
        }
    }

    /// <summary>This node's part of one key: in use, its share now, borrowed and lent.</summary>
    public KeyShare Share(string key, int limit)
    {
        lock (_lock)
        {
            var places = _keys.GetValueOrDefault(key) ?? new KeyPlaces(limit);
            return new KeyShare(key, places.Used, Allowance(places), places.BorrowedTotal, places.LentTotal);
        }
    }

    /// <summary>All keys together, for the node's status line.</summary>
    public LedgerTotals Totals()
    {
        lock (_lock)
        {
            return new LedgerTotals(
                _keys.Values.Sum(p => p.Used), _keys.Count(p => p.Value.Used > 0), _keys.Values.Sum(p => p.BorrowedTotal), _keys.Values.Sum(p => p.LentTotal));
        }
    }

    private int Allowance(KeyPlaces places) => BaseShare(places.Limit, _rank, _members.Length) + places.BorrowedTotal - places.LentTotal;

    /// <summary>The share of the member at <paramref name="rank"/> (oldest first) among <paramref name="members"/>; 0 for none.</summary>
    private static int BaseShare(int limit, int rank, int members) =>
        rank < 0 ? 0 : (limit / members) + (rank < limit % members ? 1 : 0);

    private KeyPlaces Places(string key, int limit)
    {
        if (!_keys.TryGetValue(key, out var places))
        {
            _keys[key] = places = new KeyPlaces(limit);
        }
        places.Limit = limit;
        return places;
    }

    private void RemoveIfUnused(string key, KeyPlaces places)
    {
        if (places.Unused)
        {
            _keys.Remove(key);
        }
    }

    private void RemoveUnused()
    {
        foreach (var key in _keys.Where(k => k.Value.Unused).Select(k => k.Key).ToList())
        {
            _keys.Remove(key);
        }
    }
}
