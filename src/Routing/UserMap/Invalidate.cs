namespace ActorMailProxy.Routing.UserMap;

/// <summary>Drops the cached answer for <paramref name="Key"/>; the reply is <see cref="Invalidated"/>.</summary>
public sealed record Invalidate(string Key);
