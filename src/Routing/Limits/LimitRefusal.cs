namespace ActorMailProxy.Routing.Limits;

/// <summary>Which limit said no, with the text the client is told.</summary>
public sealed record LimitRefusal(string Key, string Text)
{
    /// <summary>This node cannot decide now (joining, leaving, paused) or its full share met silent members: refused without a decision.</summary>
    public static LimitRefusal Unchecked(string key) => new(key, "Connection limits cannot be checked now, try again later.");
}
