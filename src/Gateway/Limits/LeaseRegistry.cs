namespace ActorMailProxy.Gateway.Limits;

/// <summary>
/// The leases this node holds, per key: written before a lease is asked for and removed when it is released, so
/// a keeper that recovers counts every lease that may be in use here (one still being decided included).
/// </summary>
public sealed class LeaseRegistry
{
    private readonly Dictionary<string, HashSet<string>> _byKey = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Add(string key, string leaseId)
    {
        lock (_lock)
        {
            if (!_byKey.TryGetValue(key, out var ids))
            {
                _byKey[key] = ids = new HashSet<string>(StringComparer.Ordinal);
            }
            ids.Add(leaseId);
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

    public IReadOnlyList<string> Held(string key)
    {
        lock (_lock)
        {
            return _byKey.TryGetValue(key, out var ids) ? [.. ids] : [];
        }
    }
}
