namespace ActorMailProxy.Routing.UserMap;

/// <summary>The reply to <see cref="Invalidate"/> and to a directly sent <see cref="InvalidateAll"/>.</summary>
public sealed record Invalidated
{
    public static readonly Invalidated Instance = new();
}
