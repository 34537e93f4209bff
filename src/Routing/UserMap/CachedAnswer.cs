using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>A source's answer and the moment it stops being reused.</summary>
internal sealed record CachedAnswer(MapAnswer Answer, DateTimeOffset ExpiresAt)
{
    public bool IsFreshAt(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>Found answers live for the TTL, NotFound for the negative TTL; Unavailable is never kept.</summary>
    public static CachedAnswer? For(MapAnswer answer, UserMapSettings settings, DateTimeOffset now) => answer switch
    {
        MapAnswer.Found => new CachedAnswer(answer, now + settings.Ttl),
        MapAnswer.NotFound => new CachedAnswer(answer, now + settings.NegativeTtl),
        _ => null,
    };
}
