namespace ActorMailProxy.Audit.Log;

/// <summary>
/// The last <see cref="Capacity"/> event ids stored, oldest first: a bounded set, so the log's memory and its snapshot
/// stay the same size however long it runs. Changed in place by the one actor that owns it: an immutable set of 10,000
/// ids rebuilt on every event stored left its old nodes to the full collections, several a second in a login storm.
/// </summary>
public sealed class RecentIds
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    private RecentIds(int capacity) => Capacity = capacity;

    public int Capacity { get; }

    public int Count => _ids.Count;

    /// <summary>The ids, oldest first.</summary>
    public IEnumerable<string> InOrder => _order;

    public static RecentIds Empty(int capacity) =>
        capacity > 0 ? new(capacity) : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be positive");

    public static RecentIds Of(int capacity, IEnumerable<string> oldestFirst)
    {
        var recent = Empty(capacity);
        foreach (var id in oldestFirst)
        {
            recent.Add(id);
        }
        return recent;
    }

    public bool Contains(string id) => _ids.Contains(id);

    /// <summary>Adds <paramref name="id"/>, forgetting the oldest one when full; an id already held changes nothing (false).</summary>
    public bool Add(string id)
    {
        if (!_ids.Add(id))
        {
            return false;
        }
        _order.Enqueue(id);
        if (_order.Count > Capacity)
        {
            _ids.Remove(_order.Dequeue());
        }
        return true;
    }
}
