using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>A source's answer and the moment it stops being reused.</summary>
internal sealed record CachedAnswer(MapAnswer Answer, DateTimeOffset ExpiresAt)
{
    public bool IsFreshAt(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>What is left of its life at <paramref name="now"/>; zero once expired.</summary>
    public TimeSpan FreshFor(DateTimeOffset now) => IsFreshAt(now) ? ExpiresAt - now : TimeSpan.Zero;

    /// <summary>Found answers live for the TTL, NotFound for the negative TTL; Unavailable is never kept.</summary>
    public static CachedAnswer? For(MapAnswer answer, UserMapSettings settings, DateTimeOffset now) =>
        settings.FreshFor(answer) is var freshFor && freshFor > TimeSpan.Zero ? new CachedAnswer(answer, now + freshFor) : null;
}
