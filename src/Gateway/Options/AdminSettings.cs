namespace ActorMailProxy.Gateway.Options;

/// <summary>How long the operator commands wait (mailproxy.admin in HOCON).</summary>
public sealed record AdminSettings
{
    /// <summary>How long the command line waits for a seed node's admin actor to show itself.</summary>
    public TimeSpan ContactTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a node waits for the other members' answers; who does not answer by then is reported, not waited for.</summary>
    public TimeSpan MemberTimeout { get; init; } = TimeSpan.FromSeconds(3);
}
