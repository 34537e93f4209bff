using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using ActorMailProxy.Audit.Journal;

namespace ActorMailProxy.Audit.ReadModel;

/// <summary>The cluster's audit index: written by one node's <see cref="AuditIndexProjector"/>, searched by any through <see cref="AuditIndexSearch"/>.</summary>
public static class AuditIndex
{
    /// <summary>The projector as the cluster's singleton: on the oldest node, moving to the next when that one leaves or dies.</summary>
    public static IActorRef StartProjector(ActorSystem system, JournalSpec journal, AuditIndexSettings settings)
    {
        system.Settings.InjectTopLevelFallback(ClusterSingleton.DefaultConfig());
        return system.ActorOf(
            ClusterSingletonManager.Props(AuditIndexProjector.Props(journal, settings), PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)),
            "audit-index");
    }
}
