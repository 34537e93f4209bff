using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// The reply to <see cref="Resolve"/>: the answer and how much longer it stays fresh, counted from when it was sent
/// (zero: not to be kept), so a node that keeps it never keeps it past the TTL from when the source gave it.
/// </summary>
public sealed record Resolved(MapAnswer Answer, TimeSpan FreshFor);
