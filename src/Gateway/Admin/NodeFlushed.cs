namespace ActorMailProxy.Gateway.Admin;

/// <summary><paramref name="Node"/> has told its user-map entities to drop their answers.</summary>
public sealed record NodeFlushed(string Node) : IAdminMessage;
