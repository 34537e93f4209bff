namespace ActorMailProxy.Routing.Limits;

/// <summary>The answer to <see cref="LimitLedger.Take"/>.</summary>
public enum Take
{
    Taken,

    /// <summary>This node's share is full: the connection waits while other members are asked to lend a place.</summary>
    Borrow,

    /// <summary>This node cannot decide now (joining, leaving, or paused and not yet confirmed as a member).</summary>
    Unchecked,
}
