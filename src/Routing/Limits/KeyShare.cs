namespace ActorMailProxy.Routing.Limits;

/// <summary>One node's part of one key.</summary>
public sealed record KeyShare(string Key, int Used, int Share, int Borrowed, int Lent);
