using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Sharding.Delivery;
using Akka.Configuration;
using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Log;

/// <summary>
/// Hosts the audit log's partitions as the entities of a sharded type, each a shard of its own (so they spread over
/// the nodes) and wrapped in a <see cref="ShardingConsumerController"/>.
/// Why sharding rather than a cluster singleton: both move to a survivor when the hosting node dies (kill -9 included,
/// once the split-brain resolver has downed it) and both recover the log from the journal there; sharding also gives
/// ShardingProducerController a region to send through, which buffers while the entity moves and starts it again on
/// the first (re)delivery, so each node's unconfirmed events are resent to the new incarnation without any registration.
/// Nothing is lost: a delivery is confirmed only after its events are in the journal, and what was stored but not yet
/// confirmed comes again and is dropped by event id.
/// </summary>
public static class AuditLogRegion
{
    public const string TypeName = "audit-log";

    public static Task<IActorRef> StartAsync(ActorSystem system, AuditLogSettings settings)
    {
        // The extension first: it loads the singleton's defaults that the coordinator's settings are read from.
        var sharding = ClusterSharding.Get(system);
        // Never passivated: an idle log would only replay its journal again on the next event.
        var config = ConfigurationFactory.ParseString("passivate-idle-entity-after = off")
            .WithFallback(system.Settings.Config.GetConfig("akka.cluster.sharding"));
        var shardingSettings = ClusterShardingSettings.Create(config, system.Settings.Config.GetConfig(config.GetString("coordinator-singleton")));
        return sharding.StartAsync(
            TypeName,
            partition => ShardingConsumerController.Create<AuditBatch>(controller => AuditLog.Props(controller, settings, partition),
                ShardingConsumerController.Settings.Create(system)),
            shardingSettings,
            new MessageExtractor());
    }

    /// <summary>
    /// The producer controller wraps every message in a ShardingEnvelope naming the partition, which sharding unwraps
    /// itself and asks only for the shard of that entity: each partition is a shard of its own.
    /// </summary>
    private sealed class MessageExtractor : IMessageExtractor
    {
        public string? EntityId(object message) => null;

        public object? EntityMessage(object message) => message;

        public string? ShardId(object message) => null;

        public string ShardId(string entityId, object? messageHint = null) => entityId;
    }
}
