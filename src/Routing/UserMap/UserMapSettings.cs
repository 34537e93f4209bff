using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>How long the user map keeps answers and waits for sources.</summary>
public sealed record UserMapSettings
{
    /// <summary>How long a found route is reused without asking the source again.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long "no such user" is reused; short, so a newly added user works soon.</summary>
    public TimeSpan NegativeTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one source lookup may take before the answer is "unavailable".</summary>
    public TimeSpan LookupTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a login waits for a remote source's sharded entity before its node asks the source itself.</summary>
    public TimeSpan ShardTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>An entity idle this long stops, freeing its memory.</summary>
    public TimeSpan PassivateAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Most answers one node's cache holds; past it, expired answers and then any tenth are dropped.</summary>
    public int NodeCacheCapacity { get; init; } = 100_000;

    /// <summary>How long a source's answer may be reused: the TTL when found, the negative TTL when not, never when unavailable.</summary>
    public TimeSpan FreshFor(MapAnswer answer) => answer switch
    {
        MapAnswer.Found => Ttl,
        MapAnswer.NotFound => NegativeTtl,
        _ => TimeSpan.Zero,
    };
}
