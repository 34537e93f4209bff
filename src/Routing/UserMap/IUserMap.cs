using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>The lookup the route resolver uses: <see cref="NodeUserMap"/> in production, a dictionary in tests.</summary>
public interface IUserMap
{
    Task<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken);
}
