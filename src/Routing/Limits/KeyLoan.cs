namespace ActorMailProxy.Routing.Limits;

/// <summary>Places of one key lent between two members.</summary>
public sealed record KeyLoan(string Key, int Limit, int Count);
