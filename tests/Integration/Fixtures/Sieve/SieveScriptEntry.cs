namespace ActorMailProxy.Integration;

/// <summary>One line of a <c>LISTSCRIPTS</c> answer.</summary>
public sealed record SieveScriptEntry(string Name, bool IsActive);
