using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>One lookup in a map source, off the caller's thread and bounded in time; every way it fails is Unavailable.</summary>
internal static class SourceLookup
{
    public static async Task<MapAnswer> LookupAsync(IMapSource source, string key, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            // Task.Run: a source that blocks before its first await must not hold the caller's thread (an actor's);
            // WaitAsync: a source that ignores its token must not hold the caller.
            return await Task.Run(() => source.LookupAsync(key, cancellation.Token).AsTask(), cancellation.Token)
                .WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            return new MapAnswer.Unavailable($"{source.Name}: no answer for \"{key}\" within {timeout.TotalSeconds:0.###} s");
        }
        catch (Exception e)
        {
            return new MapAnswer.Unavailable($"{source.Name}: {e.Message}");
        }
    }
}
