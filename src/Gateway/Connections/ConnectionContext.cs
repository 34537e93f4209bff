namespace ActorMailProxy.Gateway.Connections;

/// <summary>Everything a connection is started with: its listener's profile, the node's services, and its time bounds.</summary>
public sealed record ConnectionContext
{
    public required ListenerProfile Listener { get; init; }

    public required ConnectionServices Services { get; init; }

    public required ConnectionTimeouts Timeouts { get; init; }
}
