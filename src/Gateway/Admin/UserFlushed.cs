namespace ActorMailProxy.Gateway.Admin;

/// <summary>The cached answer for <paramref name="Key"/> is gone; <paramref name="Node"/> is the node that carried the command out.</summary>
public sealed record UserFlushed(string Key, string Node) : IAdminMessage;
