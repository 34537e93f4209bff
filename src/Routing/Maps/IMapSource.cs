namespace ActorMailProxy.Routing.Maps;

/// <summary>One place users are looked up in (a popmap file, a regex file, a database). Blocking I/O stays off actor threads.</summary>
public interface IMapSource : IDisposable
{
    /// <summary>Name for logs, e.g. <c>posix_regex:/etc/perdition/popmap.re</c>.</summary>
    string Name { get; }

    /// <summary>Whether a node answers from its own copy or the answers are worth sharing across the cluster.</summary>
    MapLocality Locality { get; }

    ValueTask<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken);

    /// <summary>Re-read files or reconnect, as perdition does on SIGHUP.</summary>
    void Reload();
}
