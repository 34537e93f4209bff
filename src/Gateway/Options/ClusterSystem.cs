namespace ActorMailProxy.Gateway.Options;

/// <summary>The actor system each node runs, as the cluster knows it: seed addresses, nodes and the operator commands all name it.</summary>
public static class ClusterSystem
{
    /// <summary>Every node of a cluster must use the same; the operator commands' own systems add a suffix to it.</summary>
    public const string Name = "actormailproxy";
}
