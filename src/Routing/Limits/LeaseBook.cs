namespace ActorMailProxy.Routing.Limits;

/// <summary>
/// The leases of one limit key, as its keeper holds them: which lease belongs to which node, and, while the keeper
/// recovers, which nodes have not yet said what they hold. No actors, no clock: the keeper feeds it events in order.
/// </summary>
public sealed class LeaseBook
{
    /// <summary>Released lease ids remembered, so an acquire that arrives after its own release is not granted.</summary>
    public const int ReleasedMemory = 4096;

    private readonly Dictionary<string, string> _leases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _awaiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _undecided = new(StringComparer.Ordinal);
    private readonly HashSet<string> _released = new(StringComparer.Ordinal);
    private readonly Queue<string> _releasedOrder = new();

    public int Held => _leases.Count;

    /// <summary>Some node has not reported its leases yet: deciding now could grant a place that is taken.</summary>
    public bool Recovering => _awaiting.Count > 0;

    public IReadOnlyCollection<string> AwaitingNodes => _awaiting;

    public void StartRecovery(IEnumerable<string> nodes)
    {
        _awaiting.Clear();
        _awaiting.UnionWith(nodes);
    }

    /// <summary>
    /// A node's leases for this key; only its first report during recovery counts. <paramref name="granted"/> were
    /// granted and are in use. <paramref name="undecided"/> were asked for and the node has no answer yet: a keeper
    /// before this one may have granted them (the answer still on its way), or never seen the request, which may
    /// still arrive here. They count as held until that request comes, and then are decided afresh.
    /// </summary>
    public void Report(string node, IEnumerable<string> granted, IEnumerable<string> undecided)
    {
        if (!_awaiting.Remove(node))
        {
            return;
        }
        foreach (var id in granted)
        {
            if (!_released.Contains(id))
            {
                _leases.TryAdd(id, node);
            }
        }
        foreach (var id in undecided)
        {
            if (!_released.Contains(id) && _leases.TryAdd(id, node))
            {
                _undecided.Add(id);
            }
        }
    }

    /// <summary>The cluster removed the node (it left or was downed): its leases are gone with it.</summary>
    public int NodeRemoved(string node)
    {
        _awaiting.Remove(node);
        var gone = _leases.Where(l => l.Value == node).Select(l => l.Key).ToList();
        foreach (var id in gone)
        {
            _leases.Remove(id);
            _undecided.Remove(id);
        }
        return gone.Count;
    }

    /// <summary>
    /// Granted when the lease is held already (a retry) or a place is free; never after its release. A lease a
    /// recovery counted while undecided is decided now, as if new: its request never reached the keeper before.
    /// </summary>
    public bool Acquire(string leaseId, string node, int limit)
    {
        if (_undecided.Remove(leaseId))
        {
            _leases.Remove(leaseId);
        }
        else if (_leases.ContainsKey(leaseId))
        {
            return true;
        }
        if (_released.Contains(leaseId) || _leases.Count >= limit)
        {
            return false;
        }
        _leases.Add(leaseId, node);
        return true;
    }

    public void Release(string leaseId)
    {
        _leases.Remove(leaseId);
        _undecided.Remove(leaseId);
        if (_released.Add(leaseId))
        {
            _releasedOrder.Enqueue(leaseId);
            if (_releasedOrder.Count > ReleasedMemory)
            {
                _released.Remove(_releasedOrder.Dequeue());
            }
        }
    }
}
