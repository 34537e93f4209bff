using System.Collections.Concurrent;
using ActorMailProxy.Audit.Retention;

namespace ActorMailProxy.Audit.Tests.Retention;

/// <summary>
/// A sweep that deletes nothing itself: each run takes the next outcome (a count, or an exception to throw) and is
/// recorded with the cutoff and batch it was given; once the outcomes are used up it deletes 0.
/// </summary>
internal sealed class RecordedSweep(string name, params object[] outcomes) : IRetentionSweep
{
    private readonly ConcurrentQueue<object> _outcomes = new(outcomes);

    public ConcurrentQueue<(DateTimeOffset Before, int Batch)> Runs { get; } = new();

    public string Name => name;

    public Task<long> SweepAsync(DateTimeOffset before, int batch, CancellationToken cancel)
    {
        Runs.Enqueue((before, batch));
        return _outcomes.TryDequeue(out var outcome)
            ? outcome is Exception e ? Task.FromException<long>(e) : Task.FromResult(Convert.ToInt64(outcome))
            : Task.FromResult(0L);
    }
}
