namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// Drops an entity's cached answer whatever its key; the reply is <see cref="Invalidated"/>. To clear every entity
/// on a node use <see cref="NodeUserMap.InvalidateAll"/>, which reaches them over the node's event stream.
/// </summary>
public sealed record InvalidateAll
{
    public static readonly InvalidateAll Instance = new();
}
