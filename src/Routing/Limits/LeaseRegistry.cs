namespace ActorMailProxy.Routing.Limits;

/// <summary>
/// The leases this node holds, per key: written before a lease is asked for (undecided), marked granted when the
/// keeper says yes, removed when it is released. A keeper that recovers so counts every lease that may be in use
/// here, and knows which of them it still has to decide.
/// </summary>
public sealed class LeaseRegistry
{
    private readonly Dictionary<string, Dictionary<string, bool>> _byKey = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Add(string key, string leaseId) => Set(key, leaseId, granted: false);

    public void MarkGranted(string key, string leaseId)
    {
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out var ids) && ids.ContainsKey(leaseId))
            {
                ids[leaseId] = true;
            }
        }
    }

    public void Remove(string key, string leaseId)
    {
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out var ids) && ids.Remove(leaseId) && ids.Count == 0)
            {
                _byKey.Remove(key);
            }
        }
    }

    public (IReadOnlyList<string> Granted, IReadOnlyList<string> Undecided) Held(string key)
    {
        lock (_lock)
        {
            if (!_byKey.TryGetValue(key, out var ids))
            {
                return ([], []);
            }
            return ([.. ids.Where(i => i.Value).Select(i => i.Key)], [.. ids.Where(i => !i.Value).Select(i => i.Key)]);
        }
    }

    private void Set(string key, string leaseId, bool granted)
    {
        lock (_lock)
        {
            if (!_byKey.TryGetValue(key, out var ids))
            {
                _byKey[key] = ids = new Dictionary<string, bool>(StringComparer.Ordinal);
            }
            ids[leaseId] = granted;
        }
    }
}
