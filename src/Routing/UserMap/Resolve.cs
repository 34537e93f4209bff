namespace ActorMailProxy.Routing;

/// <summary>Asks the user map entity for <paramref name="Key"/>; the reply is a <see cref="MapAnswer"/>.</summary>
public sealed record Resolve(string Key);
