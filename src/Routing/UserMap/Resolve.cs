using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>Asks the user map entity for <paramref name="Key"/>; the reply is a <see cref="MapAnswer"/>.</summary>
public sealed record Resolve(string Key);
