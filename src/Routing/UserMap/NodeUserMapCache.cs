using System.Collections.Concurrent;
using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// One node's cache of user map answers, read by every login without a lock or an actor. An answer is kept for as
/// long as its lookup says it is fresh, counted from when the lookup started (Unavailable: not at all); a key has
/// one lookup at a time, which everyone asking meanwhile shares; a lookup that an invalidation overtook is answered
/// but not kept, and later askers start a new one; past the capacity, answers are dropped to make room.
/// </summary>
internal sealed class NodeUserMapCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Func<string, Task<Resolved>> _lookup;
    private readonly int _capacity;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Lock _sweeping = new();

    /// <param name="lookup">Finds the answer for a key that is not cached; may throw (then the answer is Unavailable).</param>
    public NodeUserMapCache(Func<string, Task<Resolved>> lookup, int capacity, Func<DateTimeOffset> clock)
    {
        _lookup = lookup;
        _capacity = Math.Max(1, capacity);
        _clock = clock;
    }

    /// <summary>Keys held, answered or in flight.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// A fresh answer is the same completed task every time (no allocation); a caller that cancels stops waiting,
    /// not the shared lookup.
    /// </summary>
    public Task<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = _clock();
            _entries.TryGetValue(key, out var entry);
            if (entry is { InFlight: true })
            {
                return entry.Answer.WaitAsync(cancellationToken);
            }

            if (entry is not null && now < entry.ExpiresAt)
            {
                return entry.Answer;
            }

            if (TryStart(key, entry, now) is { } started)
            {
                return started.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>The next lookup of <paramref name="key"/> asks again; one in flight is not kept.</summary>
    public void Invalidate(string key) => _entries.TryRemove(key, out _);

    /// <summary>Every next lookup asks again; none in flight is kept.</summary>
    public void Clear() => _entries.Clear();

    /// <summary>Null when another caller changed the key's entry first: the caller reads it again.</summary>
    private Task<MapAnswer>? TryStart(string key, Entry? expired, DateTimeOffset now)
    {
        var answer = new TaskCompletionSource<MapAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = new Entry(answer.Task, DateTimeOffset.MaxValue, inFlight: true);
        var placed = expired is null ? _entries.TryAdd(key, inFlight) : _entries.TryUpdate(key, inFlight, expired);
        if (!placed)
        {
            return null;
        }

        _ = CompleteAsync(key, inFlight, answer, now);
        return answer.Task;
    }

    private async Task CompleteAsync(string key, Entry inFlight, TaskCompletionSource<MapAnswer> answer, DateTimeOffset startedAt)
    {
        Resolved resolved;
        try
        {
            resolved = await _lookup(key).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            resolved = new Resolved(new MapAnswer.Unavailable($"user map lookup of \"{key}\" failed: {e.Message}"), TimeSpan.Zero);
        }

        Keep(key, inFlight, resolved, startedAt);
        answer.SetResult(resolved.Answer);
    }

    /// <summary>
    /// Replaces the lookup's own in-flight entry, and only that: if an invalidation removed it, the answer may be
    /// the one the invalidation was for. Freshness counts from the lookup's start, which is before the answer was given.
    /// </summary>
    private void Keep(string key, Entry inFlight, Resolved resolved, DateTimeOffset startedAt)
    {
        var expiresAt = startedAt + resolved.FreshFor;
        if (resolved.FreshFor > TimeSpan.Zero && _clock() < expiresAt)
        {
            MakeRoom();
            if (_entries.TryUpdate(key, new Entry(Task.FromResult(resolved.Answer), expiresAt, inFlight: false), inFlight))
            {
                return;
            }
        }

        _entries.TryRemove(KeyValuePair.Create(key, inFlight));
    }

    /// <summary>
    /// Past the capacity, drops expired answers, then any answers until a tenth is free: which were used least is not
    /// known without work on every hit, and each dropped answer costs one lookup. A sweep per tenth of the capacity.
    /// </summary>
    private void MakeRoom()
    {
        // The lookup's own entry is counted already: it is replaced, not added.
        if (_entries.Count <= _capacity)
        {
            return;
        }

        lock (_sweeping)
        {
            var count = _entries.Count;
            var target = _capacity - Math.Max(1, _capacity / 10);
            if (count <= _capacity)
            {
                return;
            }

            var now = _clock();
            foreach (var (key, entry) in _entries)
            {
                if (!entry.InFlight && now >= entry.ExpiresAt && _entries.TryRemove(KeyValuePair.Create(key, entry)))
                {
                    count--;
                }
            }

            foreach (var (key, entry) in _entries)
            {
                if (count <= target)
                {
                    break;
                }

                if (!entry.InFlight && _entries.TryRemove(KeyValuePair.Create(key, entry)))
                {
                    count--;
                }
            }
        }
    }

    /// <summary>A class, not a record: entries are told apart by reference, so a lookup replaces only its own.</summary>
    private sealed class Entry(Task<MapAnswer> answer, DateTimeOffset expiresAt, bool inFlight)
    {
        public Task<MapAnswer> Answer { get; } = answer;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public bool InFlight { get; } = inFlight;
    }
}
