namespace ActorMailProxy.Routing.Limits;

/// <summary>One node's places over all keys.</summary>
public sealed record LedgerTotals(int Held, int Keys, int Borrowed, int Lent);
