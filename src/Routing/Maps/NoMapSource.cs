namespace ActorMailProxy.Routing.Maps;

/// <summary><c>-M ""</c>: no map at all, so every user goes to the outgoing servers.</summary>
public sealed class NoMapSource : IMapSource
{
    public string Name => "none";

    public MapLocality Locality => MapLocality.Local;

    public ValueTask<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken) =>
        ValueTask.FromResult<MapAnswer>(MapAnswer.NotFound.Instance);

    public void Reload()
    {
    }

    public void Dispose()
    {
    }
}
