using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.UserMap;

namespace ActorMailProxy.Routing.Tests.Resolution;

/// <summary>A user map with fixed answers that records which keys were asked, in order.</summary>
internal sealed class FakeUserMap(IReadOnlyDictionary<string, MapAnswer>? answers = null) : IUserMap
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _asked = new();

    public IReadOnlyList<string> Asked => [.. _asked];

    public Exception? Throws { get; init; }

    public Task<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _asked.Enqueue(key);
        if (Throws is not null)
        {
            throw Throws;
        }

        return Task.FromResult(answers?.GetValueOrDefault(key) ?? MapAnswer.NotFound.Instance);
    }
}
