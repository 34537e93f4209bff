using Akka.Cluster;

namespace ActorMailProxy.Routing.Limits;

/// <summary>A node as leases name it: its address and the incarnation's uid, so a restarted node is a different one.</summary>
public static class NodeId
{
    public static string Of(UniqueAddress node) => $"{node.Address}#{node.Uid}";
}
