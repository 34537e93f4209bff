using System.Collections.Concurrent;
using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.Tests.UserMap;

/// <summary>
/// A map source whose lookups stay pending until the test completes them, or that answers at once through
/// <see cref="Answer"/>; counts its calls.
/// </summary>
internal sealed class ControlledMapSource : IMapSource
{
    private readonly ConcurrentQueue<TaskCompletionSource<MapAnswer>> _pending = new();
    private int _calls;

    public Func<string, CancellationToken, MapAnswer>? Answer { get; init; }

    public int Calls => Volatile.Read(ref _calls);

    public string Name => "controlled";

    public MapLocality Locality { get; init; } = MapLocality.Remote;

    public ValueTask<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Answer is not null)
        {
            return ValueTask.FromResult(Answer(key, cancellationToken));
        }

        var pending = new TaskCompletionSource<MapAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Enqueue(pending);
        return new ValueTask<MapAnswer>(pending.Task);
    }

    /// <summary>Completes the oldest pending lookup.</summary>
    public void Complete(MapAnswer answer)
    {
        Assert.True(_pending.TryDequeue(out var pending), "no lookup is pending");
        pending.SetResult(answer);
    }

    public void Reload()
    {
    }

    public void Dispose()
    {
    }
}
