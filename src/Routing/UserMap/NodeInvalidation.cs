namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// <see cref="InvalidateAll"/> as published on a node's event stream: handled the same, answered never, so the
/// publisher (an actor, or whoever the implicit sender is) is not flooded with one reply per entity.
/// </summary>
internal sealed record NodeInvalidation
{
    public static readonly NodeInvalidation Instance = new();
}
