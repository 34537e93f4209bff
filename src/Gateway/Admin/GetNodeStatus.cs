namespace ActorMailProxy.Gateway.Admin;

/// <summary>From one node's admin actor to each member's: report on yourself; the reply is <see cref="NodeStatus"/>.</summary>
public sealed record GetNodeStatus : IAdminMessage
{
    public static readonly GetNodeStatus Instance = new();
}
