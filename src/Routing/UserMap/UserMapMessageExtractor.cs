using Akka.Cluster.Sharding;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>Routes user map messages to the entity named by their key.</summary>
internal sealed class UserMapMessageExtractor() : HashCodeMessageExtractor(UserMapRegion.ShardCount)
{
    public override string? EntityId(object message) => message switch
    {
        Resolve resolve => resolve.Key,
        Invalidate invalidate => invalidate.Key,
        _ => null,
    };
}
