using Akka.Actor;
using Akka.Cluster;
using static Akka.Cluster.ClusterEvent;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>Turns one node's view of the cluster, and the members' own reports, into status rows.</summary>
internal static class MemberRows
{
    public static IReadOnlyList<MemberRow> From(CurrentClusterState state, IReadOnlyDictionary<Address, NodeStatus> reports)
    {
        var oldest = state.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving)
            .OrderBy(m => m, Member.AgeOrdering)
            .FirstOrDefault();
        return
        [
            .. state.Members.Select(m => new MemberRow(
                m.Address.ToString(),
                m.Status.ToString(),
                [.. m.Roles.Order(StringComparer.Ordinal)],
                IsLeader: m.Address.Equals(state.Leader),
                IsOldest: m.Equals(oldest),
                IsReachable: !state.Unreachable.Contains(m),
                Node: reports.GetValueOrDefault(m.Address))),
        ];
    }
}
