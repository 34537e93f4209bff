namespace ActorMailProxy.Integration.Fixtures.Sieve;

/// <summary>One line of a <c>LISTSCRIPTS</c> answer.</summary>
public sealed record SieveScriptEntry(string Name, bool IsActive);
