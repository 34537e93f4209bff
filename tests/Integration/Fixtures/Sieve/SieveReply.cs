namespace ActorMailProxy.Integration.Fixtures.Sieve;

/// <summary>What a command returned: its status line, and the data lines before it, parsed (empty or null when the status is not OK).</summary>
public sealed record SieveReply<T>(SieveResponse Response, T Value);
