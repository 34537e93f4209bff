using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>Starts the cluster-sharded user map: one <see cref="UserMapEntity"/> per key, spread over the cluster.</summary>
public static class UserMapRegion
{
    public const string TypeName = "user-map";

    /// <summary>Ten shards per node of a ten-node cluster; more gains nothing and costs coordinator work.</summary>
    public const int ShardCount = 100;

    /// <summary>Starts the region on this node; entities hosted here ask <paramref name="source"/>.</summary>
    public static Task<IActorRef> StartAsync(ActorSystem system, IMapSource source, UserMapSettings settings)
    {
        var sharding = ClusterSharding.Get(system);

        // The entity passivates itself after UserMapSettings.PassivateAfter; sharding's own idle timer would cut that short.
        var config = ConfigurationFactory.ParseString("passivate-idle-entity-after = off")
            .WithFallback(system.Settings.Config.GetConfig("akka.cluster.sharding"));
        var shardingSettings = ClusterShardingSettings.Create(
            config, system.Settings.Config.GetConfig(config.GetString("coordinator-singleton")));

        return sharding.StartAsync(
            TypeName,
            UserMapEntity.Props(source, settings, () => DateTimeOffset.UtcNow),
            shardingSettings,
            new UserMapMessageExtractor());
    }
}
