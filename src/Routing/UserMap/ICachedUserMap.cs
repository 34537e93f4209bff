namespace ActorMailProxy.Routing.UserMap;

/// <summary>What the operator's <c>map flush</c> needs of the user map: dropping cached answers, not looking users up.</summary>
public interface ICachedUserMap
{
    /// <summary>Drops the cached answer for one key, wherever its entity lives.</summary>
    Task InvalidateAsync(string key, CancellationToken cancellationToken);

    /// <summary>Drops every cached answer held on this node.</summary>
    void InvalidateAll();
}
