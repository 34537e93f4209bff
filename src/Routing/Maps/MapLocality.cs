namespace ActorMailProxy.Routing.Maps;

/// <summary>Where a map source's data lives, which decides where the cluster keeps its answers.</summary>
public enum MapLocality
{
    /// <summary>Every node reads it itself (a file, or no map): answered on the node, no other node asked.</summary>
    Local,

    /// <summary>A store the nodes share (a database): cached once for the cluster by the key's sharded entity.</summary>
    Remote,
}
