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
        if (HasNoSeeds(system))
        {
            cluster.Join(cluster.SelfAddress);
        }
        await up.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    public static bool HasNoSeeds(ActorSystem system) => system.Settings.Config.GetStringList("akka.cluster.seed-nodes").Count == 0;
}
