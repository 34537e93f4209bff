using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;

namespace ActorMailProxy.Tests.Shared;

/// <summary>
/// A test kit's actor system as a cluster of one on 127.0.0.1 (an ephemeral port, sharding on distributed data), for
/// tests of sharded pieces in one process. Linked into each test project that needs it.
/// </summary>
internal static class SingleNodeCluster
{
    public static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.cluster.sharding.state-store-mode = ddata
        akka.cluster.sharding.remember-entities = off
        """);

    /// <summary>Joins <paramref name="system"/> to itself and waits until it is up.</summary>
    public static void Join(ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(up.SetResult);
        cluster.Join(cluster.SelfAddress);
        Assert.True(up.Task.Wait(TimeSpan.FromSeconds(30)), "the single-node cluster did not come up");
    }
}
