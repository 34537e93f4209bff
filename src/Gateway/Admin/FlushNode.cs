namespace ActorMailProxy.Gateway.Admin;

/// <summary>From one node's admin actor to each member's: drop every cached answer on your node; the reply is <see cref="NodeFlushed"/>.</summary>
public sealed record FlushNode : IAdminMessage
{
    public static readonly FlushNode Instance = new();
}
