namespace ActorMailProxy.Routing.Limits;

/// <summary>
/// One connection's places under the cluster-wide limits (total, its IP, later its user). Disposing gives every
/// place back exactly once, whatever ended the connection; a place that arrives after that goes straight back.
/// </summary>
public sealed class ConnectionPlaces : IConnectionPlaces
{
    private readonly ClusterLimits _limits;
    private readonly List<string> _keys = [];
    private bool _released;

    internal ConnectionPlaces(ClusterLimits limits) => _limits = limits;

    public ValueTask<Admission> TryAdmitAsync(AdmissionRequest request, CancellationToken cancellationToken) =>
        _limits.AdmitAsync(this, request);

    /// <summary>Records a place taken; false (and the place given back) once the connection has ended.</summary>
    internal bool Hold(string key)
    {
        lock (_keys)
        {
            if (!_released)
            {
                _keys.Add(key);
                return true;
            }
        }
        _limits.Release(key);
        return false;
    }

    /// <summary>Gives back one place (refused, or not wanted after all) and keeps the others.</summary>
    internal void Release(string key)
    {
        lock (_keys)
        {
            if (_released || !_keys.Remove(key))
            {
                return;
            }
        }
        _limits.Release(key);
    }

    public void Dispose()
    {
        string[] keys;
        lock (_keys)
        {
            if (_released)
            {
                return;
            }
            _released = true;
            keys = [.. _keys];
            _keys.Clear();
        }
        foreach (var key in keys)
        {
            _limits.Release(key);
        }
    }
}
