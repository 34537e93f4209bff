using Akka.Actor;
using Akka.Cluster.Sharding;

namespace ActorMailProxy.Routing.Limits;

/// <summary>Starts the sharded limit keepers on this node: one <see cref="LimitKeeper"/> per key, spread over the cluster.</summary>
public static class LimitKeeperRegion
{
    public const string TypeName = "connection-limit";

    public static Task<IActorRef> StartAsync(ActorSystem system) =>
        ClusterSharding.Get(system).StartAsync(
            TypeName,
            key => LimitKeeper.Props(key),
            ClusterShardingSettings.Create(system),
            new MessageExtractor());

    private sealed class MessageExtractor() : HashCodeMessageExtractor(100)
    {
        public override string EntityId(object message) => ((ILimitKeeperMessage)message).Key;
    }
}
