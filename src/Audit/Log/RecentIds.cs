using System.Collections.Immutable;

namespace ActorMailProxy.Audit.Log;

/// <summary>
/// The last <see cref="Capacity"/> event ids stored, oldest first: a bounded set, so the log's memory and its snapshot
/// stay the same size however long it runs.
/// </summary>
public sealed record RecentIds
{
    private readonly ImmutableHashSet<string> _ids;
    private readonly ImmutableQueue<string> _order;

    private RecentIds(int capacity, ImmutableHashSet<string> ids, ImmutableQueue<string> order)
    {
        Capacity = capacity;
        _ids = ids;
        _order = order;
    }

    public int Capacity { get; }

    public int Count => _ids.Count;

    /// <summary>The ids, oldest first.</summary>
    public IEnumerable<string> InOrder => _order;

    public static RecentIds Empty(int capacity) =>
        capacity > 0
            ? new(capacity, ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal), ImmutableQueue<string>.Empty)
            : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be positive");

    public static RecentIds Of(int capacity, IEnumerable<string> oldestFirst) =>
        oldestFirst.Aggregate(Empty(capacity), (recent, id) => recent.Add(id));

    public bool Contains(string id) => _ids.Contains(id);

    /// <summary>Adds <paramref name="id"/>, forgetting the oldest one when full; an id already held changes nothing.</summary>
    public RecentIds Add(string id)
    {
        if (_ids.Contains(id))
        {
            return this;
        }
        var ids = _ids;
        var order = _order;
        if (ids.Count == Capacity)
        {
            order = order.Dequeue(out var oldest);
            ids = ids.Remove(oldest);
        }
        return new(Capacity, ids.Add(id), order.Enqueue(id));
    }

    public bool Equals(RecentIds? other) => other is not null && Capacity == other.Capacity && _order.SequenceEqual(other._order);

    public override int GetHashCode() => HashCode.Combine(Capacity, Count);
}
