namespace ActorMailProxy.Routing.UserMap;

/// <summary>What the operator's <c>map flush</c> and a SIGHUP reload need of the user map: dropping kept answers.</summary>
public interface ICachedUserMap
{
    /// <summary>
    /// Drops the answer the cluster keeps in one place for <paramref name="key"/> (a remote source's sharded entity);
    /// nothing to do for a local source. Each node's own copy goes with <see cref="InvalidateOnNode"/>, after this.
    /// </summary>
    Task InvalidateSharedAsync(string key, CancellationToken cancellationToken);

    /// <summary>Drops this node's cached answer for one key.</summary>
    void InvalidateOnNode(string key);

    /// <summary>Drops every answer kept on this node: its cache and the entities it hosts.</summary>
    void InvalidateAll();
}
