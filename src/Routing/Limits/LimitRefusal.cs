namespace ActorMailProxy.Routing.Limits;

/// <summary>Which limit said no, with the text the client is told.</summary>
public sealed record LimitRefusal(string Key, string Text)
{
    /// <summary>No keeper answered (in time, or at all): refused without a decision, as when failing closed.</summary>
    public static LimitRefusal Unchecked(string key) => new(key, "Connection limits cannot be checked now, try again later.");
}
