using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>The lookup the route resolver uses: the sharded, cached user map in production, a source directly in tests.</summary>
public interface IUserMap
{
    Task<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken);
}
