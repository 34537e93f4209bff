namespace ActorMailProxy.Gateway.Admin;

/// <summary><c>cluster status</c>: the members as the asked node sees them, each with its own report; the reply is <see cref="ClusterStatusReport"/>.</summary>
public sealed record GetClusterStatus : IAdminMessage
{
    public static readonly GetClusterStatus Instance = new();
}
