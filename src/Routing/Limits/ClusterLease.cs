namespace ActorMailProxy.Routing.Limits;

/// <summary>
/// One connection's places under the cluster-wide limits (one per key: total, its IP, later its user). Disposing
/// gives every place back exactly once, whatever ended the connection. Each place has an id of its own, never
/// reused, so a keeper can tell a late request for a place from a new one.
/// </summary>
public sealed class ClusterLease : IConnectionPlaces
{
    private readonly ClusterLimits _limits;
    private readonly List<(string Key, string PlaceId)> _places = [];
    private int _nextPlace;
    private bool _released;

    internal ClusterLease(ClusterLimits limits, string id)
    {
        _limits = limits;
        Id = id;
    }

    public string Id { get; }

    public ValueTask<Admission> TryAdmitAsync(AdmissionRequest request, CancellationToken cancellationToken) =>
        _limits.AdmitAsync(this, request, cancellationToken);

    /// <summary>
    /// A new place for <paramref name="key"/>, recorded before it is asked for so a keeper recovering meanwhile
    /// counts it; null once the lease is released.
    /// </summary>
    internal string? Add(string key)
    {
        lock (_places)
        {
            if (_released)
            {
                return null;
            }
            var placeId = $"{Id}.{++_nextPlace}";
            _places.Add((key, placeId));
            _limits.Registry.Add(key, placeId);
            return placeId;
        }
    }

    /// <summary>Gives back one place (refused, or not wanted after all) and keeps the others.</summary>
    internal void Remove(string key, string placeId)
    {
        lock (_places)
        {
            if (_released || !_places.Remove((key, placeId)))
            {
                return;
            }
        }
        _limits.ReleasePlace(key, placeId);
    }

    public void Dispose()
    {
        (string Key, string PlaceId)[] places;
        lock (_places)
        {
            if (_released)
            {
                return;
            }
            _released = true;
            places = [.. _places];
            _places.Clear();
        }
        foreach (var (key, placeId) in places)
        {
            _limits.ReleasePlace(key, placeId);
        }
    }
}
