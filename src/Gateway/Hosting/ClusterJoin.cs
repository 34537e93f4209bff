using Akka.Actor;
using Akka.Cluster;

namespace ActorMailProxy.Gateway.Hosting;

/// <summary>A node joins its cluster before it serves; with no seed nodes configured it is a cluster of one and joins itself.</summary>
public static class ClusterJoin
{
    public static async Task JoinAsync(ActorSystem system, CancellationToken cancellationToken)
    {
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        if (SeedCount(system) == 0)
        {
            cluster.Join(cluster.SelfAddress);
        }
        await up.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>How many seed nodes the configuration names (akka.cluster.seed-nodes, --cluster_seed applied).</summary>
    public static int SeedCount(ActorSystem system) => system.Settings.Config.GetStringList("akka.cluster.seed-nodes").Count;
}
